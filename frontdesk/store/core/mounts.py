"""Whether a database folder lies on a network filesystem.

SQLite in WAL mode keeps its readers and writers apart through shared memory
and file locks of one host. On NFS, SMB/CIFS, sshfs and the like the locks are
missing or lie, and two PCs writing through the share corrupt the file. The
office's way is one host that holds the file and serves it (``frontdesk
serve``); a database on such a share is refused on open.

Linux: the mount that holds the folder is read from ``/proc/self/mountinfo``
(the longest mount point that contains the folder's real path). Windows: a
UNC path (``\\\\server\\share``) or a drive the system calls remote. Other
systems (macOS, the BSDs) are not checked: their ``statfs`` is not reachable
from Python's standard library.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

MOUNTINFO = Path("/proc/self/mountinfo")
"""The kernel's mount table for this process (a test points it at a fake one)."""

NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "ceph", "glusterfs", "lustre", "gfs2",
    "ocfs2", "9p", "davfs", "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.glusterfs",
    "fuse.cephfs", "fuse.davfs2", "fuse.smbnetfs", "fuse.curlftpfs",
})
"""Filesystem types whose locks SQLite cannot rely on across hosts."""


@dataclass(frozen=True)
class Mount:
    """One line of the mount table: where, what type, from where."""

    point: str
    fs_type: str
    source: str


def _unescape(field: str) -> str:
    # The kernel writes space, tab, newline and backslash in octal (\040 ...).
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit() and len(field[i + 1:i + 4]) == 3:
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts of a ``mountinfo`` text; lines that cannot be read are skipped."""
    mounts = []
    for line in text.splitlines():
        before, sep, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if not sep or len(fields) < 5 or len(tail) < 2:
            continue
        mounts.append(Mount(point=_unescape(fields[4]), fs_type=tail[0], source=_unescape(tail[1])))
    return mounts


def mount_of(folder: str, mounts: list[Mount]) -> Mount | None:
    """The mount that holds ``folder`` (an absolute, resolved path)."""
    best: Mount | None = None
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = folder == point or folder.startswith(point if point == "/" else point + "/")
        # The later of two mounts on one point hides the earlier one.
        if inside and (best is None or len(point) >= len(best.point.rstrip("/") or "/")):
            best = mount
    return best


def network_mount(folder: Path) -> Mount | None:
    """The network mount that holds ``folder``, or None when it is local (or
    the system cannot tell)."""
    if sys.platform.startswith("linux"):
        try:
            text = MOUNTINFO.read_text("utf-8", errors="surrogateescape")
        except OSError:
            return None
        mount = mount_of(os.path.realpath(folder), parse_mountinfo(text))
        if mount is not None and mount.fs_type.lower() in NETWORK_TYPES:
            return mount
        return None
    if sys.platform == "win32":
        return _windows_network(folder)
    return None


def _windows_network(folder: Path) -> Mount | None:
    resolved = os.path.realpath(folder)
    if resolved.startswith("\\\\") and not resolved.startswith("\\\\?\\"):
        return Mount(point=resolved, fs_type="smb", source=resolved)
    drive = os.path.splitdrive(resolved)[0]
    if drive:
        import ctypes

        drive_remote = 4
        if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote:  # type: ignore[attr-defined]
            return Mount(point=drive, fs_type="smb", source=drive)
    return None
