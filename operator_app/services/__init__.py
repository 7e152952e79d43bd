"""Use cases and rules, pure Python: no Qt import.

Services take a SQLAlchemy ``Session`` and plain values, return plain values, and
append the audit event of every write that matters in the same transaction.
"""
