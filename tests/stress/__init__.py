"""A small region under load and under faults: shared by the stress tests and bench/stress.py."""
