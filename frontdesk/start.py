"""The ``frontdesk`` command: the click group, with the garbage collector held
back while the program starts.

Starting imports Textual and builds the first screen: tens of thousands of
objects that live as long as the program. Collecting cycles among them while
they are made finds nothing and costs about a tenth of the time to the first
screen, so collection waits: a command turns it back on before it runs, the
interface once its first screen is shown.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from frontdesk.cli import main as run

    run()
