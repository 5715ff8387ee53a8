"""What an insider with shell access does to a backup or an export before it is restored
or imported: sqlite3, shutil and json only, nothing of the application."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from pathlib import Path

# Each plants something that would work for the attacker once in the live database.
PLANTS = {
    # Every new visitor's name, ID number and phone copied into a table the export skips.
    "copying trigger": """
        CREATE TABLE lookup_shadow (name TEXT, id_number TEXT, phone TEXT);
        CREATE TRIGGER lookup_shadow_copy AFTER INSERT ON parties BEGIN
            INSERT INTO lookup_shadow VALUES (NEW.name, NEW.id_number, NEW.phone);
        END;
    """,
    # Each new visit's content blanked and its transfer unit changed.
    "blanking trigger": """
        CREATE TRIGGER visits_quiet AFTER INSERT ON visits BEGIN
            UPDATE visits SET content = '', transfer_unit = '区政府办公室' WHERE id = NEW.id;
        END;
    """,
    "view": "CREATE VIEW lookup_people AS SELECT name, id_number, phone FROM parties;",
    "index": "CREATE INDEX parties_by_phone ON parties (phone);",
    # Written into the schema by hand under a name SQLite reserves for itself: it still runs.
    "trigger under a reserved name": """
        PRAGMA writable_schema = ON;
        INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('trigger', 'sqlite_shadow',
            'parties', 0, 'CREATE TRIGGER sqlite_shadow AFTER INSERT ON parties BEGIN
                UPDATE parties SET address = NULL WHERE id = NEW.id; END');
        PRAGMA writable_schema = OFF;
    """,
}
PLANTED_NAMES = {"lookup_shadow", "lookup_shadow_copy", "visits_quiet", "lookup_people", "parties_by_phone",
                 "sqlite_shadow"}


def plant(backup: Path, what: str) -> None:
    conn = sqlite3.connect(backup)
    conn.executescript(PLANTS[what])
    conn.commit()
    conn.close()


def planted_copy(backup: Path, target: Path, what: str) -> Path:
    shutil.copyfile(backup, target)
    plant(target, what)
    return target


def schema_names(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()


class Swapper:
    """Swaps the file at ``path`` between two versions without pause, each swap one
    rename, until stopped."""

    def __init__(self, path: Path, good: Path, bad: Path) -> None:
        self.path, self.versions = path, (good, bad)
        self.swaps = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        staged = self.path.with_name(self.path.name + ".next")
        while not self._stop.is_set():
            shutil.copyfile(self.versions[self.swaps % 2], staged)
            os.replace(staged, self.path)
            self.swaps += 1

    def __enter__(self) -> Swapper:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def without_table(export: Path, table: str, target: Path) -> Path:
    """The export with every row of ``table`` left out."""
    kept = []
    for line in export.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item.get("table") != table:
            kept.append(line)
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target
