"""Matters (信访事项): the life of a petition from the desk to its end, with its clocks."""
