"""Operator Desk: confirming the identity of foreign citizens registering on Gosuslugi."""

__version__ = "0.1.0"
