"""Qt widgets, dialogs and item models. Thin: they call services and show results."""

# SQLAlchemy before PySide6: shiboken's import hook makes every module imported after
# PySide6 slower to load, and SQLAlchemy is hundreds of them (~100 ms of each start).
import operator_app.models  # noqa: F401
