"""Widgets every desk's screens use: the field row, selects, the top bar, the history panel."""
