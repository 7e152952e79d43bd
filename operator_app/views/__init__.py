"""Qt widgets, dialogs and item models. Thin: they call services and show results."""
