"""Document checks, the stage after rule matching and context: each check reads the parsed docs
and the rule matches and adds findings of its own.

- ``facts``: the copy judged against the product facts file (``CompiledFacts``), one doc at a
  time; its checks are ``features``, ``claims`` and ``service_levels``, sharing ``fact_run``.
- ``consistency``: the same commitment stated differently across the linted files; it observes
  every doc and reports at the end.
- ``phrases``: the phrase matching both use.
"""
