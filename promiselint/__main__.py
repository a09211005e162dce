from promiselint.cli import main

main()
