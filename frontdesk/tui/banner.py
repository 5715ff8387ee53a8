"""The sign-in screen's banner, drawn by pyfiglet and kept in the user cache folder.

Importing pyfiglet and drawing costs about as much as the rest of the sign-in
screen's code, and the drawing never changes for the same words and font, so the
first start draws it and later starts read the few lines back.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

from frontdesk.config import APP_NAME

FONT = "small"  # "frontdesk" in "small" is 37 columns wide and 4 lines high: it fits 80x24


def cache_folder() -> Path:
    """Where drawn banners are kept (``FRONTDESK_CACHE`` overrides it)."""
    return Path(os.environ.get("FRONTDESK_CACHE") or platformdirs.user_cache_dir(APP_NAME))


def draw(words: str, font: str = FONT) -> str:
    """``words`` in the figlet ``font``, without trailing spaces or empty lines."""
    import pyfiglet

    drawn = pyfiglet.figlet_format(words, font=font)
    return "\n".join(line.rstrip() for line in drawn.splitlines() if line.strip())


def banner(words: str, font: str = FONT) -> str:
    """``words`` drawn in ``font``: from the cache when it was drawn before.

    The cache is only a shortcut: a missing, unreadable or unwritable folder
    means drawing it again, never an error.
    """
    # The file is named by the font and the words (only letters and digits, the
    # others as their code points), so it is found without hashing anything.
    name = re.sub(r"[^0-9A-Za-z]", lambda found: f"_{ord(found.group()):x}_", f"{font}-{words}")
    path = cache_folder() / f"banner-{name[:120]}.txt"
    try:
        cached = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        cached = ""
    if cached.strip():
        return cached
    drawn = draw(words, font)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(drawn, encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass
    return drawn
