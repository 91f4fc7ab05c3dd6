"""The relational source of truth: plays, notes, deals and generated briefs.

SQLite on disk by default, PostgreSQL by URL. Every table carries ``tenant_id`` and
every query in this package takes the tenant as its first argument.
"""
