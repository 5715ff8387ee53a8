"""A database on a network filesystem is refused on open, with why and what to do.

The mount table is faked: the test points the store at a ``mountinfo`` file
that says the temporary folder is an NFS (or SMB, or sshfs) mount.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from frontdesk.i18n import set_language
from frontdesk.store import DatabaseOpenError, Store
from frontdesk.store.core import mounts

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the mount table is read on Linux")

LOCAL_ROOT = "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"


def fake_table(monkeypatch, tmp_path: Path, lines: str) -> None:
    table = tmp_path / "mountinfo"
    table.write_text(lines, encoding="utf-8")
    monkeypatch.setattr(mounts, "MOUNTINFO", table)


def share_line(point: Path, fs_type: str, source: str) -> str:
    escaped = str(point.resolve()).replace(" ", "\\040")
    return f"88 27 0:51 / {escaped} rw,relatime shared:40 - {fs_type} {source} rw,vers=4.2\n"


@pytest.mark.parametrize(("fs_type", "source"), [
    ("nfs4", "fileserver:/export/office"),
    ("cifs", "//fileserver/office"),
    ("fuse.sshfs", "clerk@fileserver:/office"),
])
def test_a_database_on_a_share_is_refused_and_left_as_it_was(monkeypatch, tmp_path, fs_type, source):
    share = tmp_path / "office share"
    share.mkdir()
    path = share / "fd.db"
    Store.open(path, create=True).close()
    before = path.read_bytes()
    fake_table(monkeypatch, tmp_path, LOCAL_ROOT + share_line(share, fs_type, source))
    with pytest.raises(DatabaseOpenError) as caught:
        Store.open(path)
    error = caught.value
    assert error.kind == "network" and error.exit_code == 8
    assert fs_type in error.message and source in error.message
    assert "网络文件系统" in error.message and "frontdesk serve" in error.message
    set_language("en")
    try:
        assert "network filesystem" in error.message and "run frontdesk serve on that host" in error.message
    finally:
        set_language("zh")
    assert path.read_bytes() == before


def test_no_database_is_made_on_a_share(monkeypatch, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    fake_table(monkeypatch, tmp_path, LOCAL_ROOT + share_line(share, "nfs", "fs:/x"))
    with pytest.raises(DatabaseOpenError):
        Store.open(share / "new.db", create=True)
    assert not (share / "new.db").exists()


def test_a_local_folder_beside_a_share_opens(monkeypatch, tmp_path):
    # /srv/office-share is a share; /srv/office is not (a prefix of a name is not a folder).
    share = tmp_path / "office-share"
    local = tmp_path / "office"
    share.mkdir()
    local.mkdir()
    fake_table(monkeypatch, tmp_path, LOCAL_ROOT + share_line(share, "nfs4", "fs:/x"))
    Store.open(local / "fd.db", create=True).close()


def test_a_local_mount_over_a_share_is_local(monkeypatch, tmp_path):
    # A later mount on the same point hides the earlier one.
    share = tmp_path / "data"
    share.mkdir()
    table = LOCAL_ROOT + share_line(share, "nfs4", "fs:/x") + share_line(share, "ext4", "/dev/vdb")
    fake_table(monkeypatch, tmp_path, table)
    Store.open(share / "fd.db", create=True).close()


def test_the_folder_is_found_through_a_link(monkeypatch, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    link = tmp_path / "looks-local"
    link.symlink_to(share)
    fake_table(monkeypatch, tmp_path, LOCAL_ROOT + share_line(share, "smb3", "//fs/office"))
    with pytest.raises(DatabaseOpenError) as caught:
        Store.open(link / "fd.db", create=True)
    assert caught.value.kind == "network"


def test_an_unreadable_table_does_not_stop_the_office(monkeypatch, tmp_path):
    monkeypatch.setattr(mounts, "MOUNTINFO", tmp_path / "missing")
    Store.open(tmp_path / "fd.db", create=True).close()


def test_mount_points_with_spaces_and_odd_lines():
    table = "garbage\n" + LOCAL_ROOT + "90 27 0:52 / /mnt/a\\040b rw - nfs fs:/a\\040b rw\n"
    parsed = mounts.parse_mountinfo(table)
    assert [m.point for m in parsed] == ["/", "/mnt/a b"]
    assert mounts.mount_of("/mnt/a b/c", parsed).fs_type == "nfs"
    assert mounts.mount_of("/mnt/a bc", parsed).fs_type == "ext4"
