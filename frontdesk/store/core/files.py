"""Files only their owner can read: the register holds ID numbers, phones and
accusations, and every file the program makes from it (the database and its
-wal/-shm, backups, exports, reports, slips, rosters) is made mode 0600, every
folder it makes 0700.

``close_umask`` sets that for the whole process when it starts, so a file made
by a library (SQLite, a spreadsheet writer) is closed too; the writers here set
the mode themselves as well, so a file is never open to others whatever the
umask was. ``tighten`` closes files made before this rule by an older version.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
UMASK = 0o077


def close_umask() -> None:
    """From now on, files and folders this process makes are its owner's alone."""
    os.umask(UMASK)


def private_folder(folder: Path) -> Path:
    """``folder`` and its missing parents, each made 0700; an existing folder is
    left as it is (it may be one the owner shares on purpose, or /tmp)."""
    folder = Path(folder)
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    for made in reversed(missing):
        try:
            made.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue
        os.chmod(made, FOLDER_MODE)  # mkdir's mode is cut by the umask
    if not folder.is_dir():
        # A file in the way: say so as mkdir would.
        folder.mkdir(exist_ok=True)
    return folder


def create_private(path: Path, *, exclusive: bool = False) -> None:
    """Make ``path`` as an empty 0600 file if it is not there (with ``exclusive``:
    refuse, FileExistsError, if it is), so whatever fills it next (SQLite, a
    backup) writes into a closed file."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        os.fchmod(fd, stat.S_IMODE(os.fstat(fd).st_mode) & ~0o077)
    finally:
        os.close(fd)


def write_private(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` as a 0600 file; a file already
    there is emptied and closed to others first."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        os.fchmod(fd, FILE_MODE)
        out.write(raw)
    return path


def open_private(path: Path, mode: str = "w", *, encoding: str = "utf-8"):
    """``open(path, mode)`` for writing text or bytes, the file made 0600."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        if "b" in mode:
            return os.fdopen(fd, mode)
        return os.fdopen(fd, mode, encoding=encoding)
    except BaseException:
        os.close(fd)
        raise


def tighten(paths: Iterable[Path], *, folder_mode: int = FOLDER_MODE, file_mode: int = FILE_MODE) -> list[Path]:
    """Close each existing file (to 0600) or folder (to 0700) in ``paths`` that
    others may read, write or enter; the ones changed. One that is not this
    user's, or cannot be changed, is left (and not listed)."""
    changed = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        if not stat.S_IMODE(info.st_mode) & 0o077 or info.st_uid != os.getuid():
            continue
        wanted = folder_mode if stat.S_ISDIR(info.st_mode) else file_mode
        if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
            continue
        try:
            os.chmod(path, wanted)
        except OSError:
            continue
        changed.append(Path(path))
    return changed


def database_files(path: Path) -> list[Path]:
    """The database file and the files SQLite keeps beside it."""
    path = Path(path)
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]
