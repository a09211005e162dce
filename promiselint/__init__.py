"""promiselint: catch the promises in marketing and proposal copy that a company cannot keep."""

__version__ = "0.1.0"
