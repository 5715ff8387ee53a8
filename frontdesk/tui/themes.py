"""Two calm themes: a dark one for the night shift, a light one for daytime.

Colours are named here once; the stylesheets use only theme variables.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="frontdesk-dark",
    primary="#7AA2C8",
    secondary="#8FB3A0",
    accent="#D4A86A",
    warning="#D4A86A",
    error="#E07A7A",
    success="#8FB996",
    foreground="#D5DAE0",
    background="#1C2026",
    surface="#242931",
    panel="#2C323B",
    dark=True,
)

LIGHT = Theme(
    name="frontdesk-light",
    primary="#2F5D8A",
    secondary="#4E7A64",
    accent="#9A5B1F",
    warning="#9A5B1F",
    error="#B03A3A",
    success="#3D7A4C",
    foreground="#26292E",
    background="#F3F0E9",
    surface="#E9E4DA",
    panel="#DCD5C8",
    dark=False,
)

# setting value -> theme; the setting and the per-operator preference say "dark"/"light"
THEMES: dict[str, Theme] = {"dark": DARK, "light": LIGHT}


def theme_for(setting: str | None, fallback: str = "dark") -> Theme:
    """The theme a setting or preference names, else the fallback's."""
    return THEMES.get(setting or "", THEMES[fallback if fallback in THEMES else "dark"])


def other(setting: str) -> str:
    """The setting of the theme that is not ``setting``."""
    return "light" if setting == "dark" else "dark"
