"""Exceptions the services raise; each carries a sentence a clerk can act on."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal explained in one sentence (Russian, the interface language)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(ServiceError):
    """Bad input: ``field`` names the form field the message belongs to."""


class PermissionDenied(ServiceError):
    """The operator's role does not allow this action."""


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    """Someone else changed the record first (optimistic locking)."""
