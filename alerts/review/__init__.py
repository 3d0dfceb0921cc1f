"""The reviewers' web UI: ``create_app`` in ``app``, ``serve`` in ``server``.

Imports only ``storage`` (DESIGN.md: dependencies point one way).
"""
