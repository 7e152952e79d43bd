"""What a service changed, so each screen refreshes only what it shows (cf. Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    operators: bool = False
    service_points: bool = False
    applications: bool = False
    visits: bool = False
    codes: bool = False
    letters: bool = False
    audit: bool = True

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{name: getattr(self, name) or getattr(other, name) for name in self.__dataclass_fields__}
        )
