"""Restore and import against an insider with shell access: the backup or export is
spoiled with sqlite3, shutil and json only (``restore_attacker``), and the commands
must refuse it in one line with the live database untouched."""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontdesk.cli import cli
from frontdesk.store import Store

import testdata
from . import restore_attacker as attacker

ID = testdata.resident_id("44030419650312101")


def command(db: Path, *args: str, **env: str) -> Result:
    """One command as the office's admin, the heads file beside ``db``."""
    settings = db.parent / "settings.toml"
    settings.write_text(f'exports_dir = "{db.parent / "exports"}"\n', encoding="utf-8")
    base = {"FRONTDESK_CONFIG": str(settings), "FRONTDESK_LANG": "en", "FRONTDESK_OPERATOR": "admin",
            "FRONTDESK_PASSWORD": "admin-pass-1"}
    result = CliRunner().invoke(cli, ["--db", str(db), *args], env={**base, **env})
    assert "Traceback" not in result.output + result.stderr
    return result


def register(db: Path, subject: str) -> str:
    with Store.open(db) as store:
        admin = store.operators.get("admin")
        return store.visits.register(admin, {"subject": subject,
                                             "visitors": [{"name": "张三", "id_number": ID}]}).number


@pytest.fixture
def office(store, admin) -> Path:
    """Two visits, the database closed, a backup of it beside it."""
    for subject in ("拖欠工资", "噪音扰民"):
        store.visits.register(admin, {"subject": subject, "visitors": [{"name": "张三", "id_number": ID}]})
    path = store.path
    store.close()
    assert command(path, "backup", str(path.parent / "b.db")).exit_code == 0
    return path


def test_the_attacker_uses_nothing_of_the_application():
    tree = ast.parse((Path(__file__).parent / "restore_attacker.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "json", "os", "shutil", "sqlite3", "threading", "pathlib"}


@pytest.mark.parametrize("what", sorted(attacker.PLANTS))
def test_a_backup_with_anything_planted_is_refused(office, what):
    backup = office.parent / "b.db"
    attacker.plant(backup, what)
    before = attacker.schema_names(office)

    result = command(office, "restore", str(backup), "--yes")

    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "not the application's" in result.stderr and "not restored" in result.stderr
    assert attacker.schema_names(office) == before
    assert command(office, "audit", "verify").exit_code == 0


def test_a_backup_swapped_while_restores_run_never_installs_the_planted_file(office):
    backup = office.parent / "b.db"
    good = office.parent / "good.db"
    good.write_bytes(backup.read_bytes())
    bad = attacker.planted_copy(good, office.parent / "bad.db", "copying trigger")
    outcomes = set()
    with attacker.Swapper(backup, good, bad) as swapper:
        for _ in range(12):
            result = command(office, "restore", str(backup), "--yes")
            outcomes.add(result.exit_code)
            assert result.exit_code == 0 or "not the application's" in result.stderr, result.stderr
            assert not attacker.schema_names(office) & attacker.PLANTED_NAMES
    assert swapper.swaps > 12 and outcomes <= {0, 1}
    assert command(office, "audit", "verify").exit_code == 0


def test_a_backup_signed_with_another_key_is_refused_in_one_plain_line(office, tmp_path):
    other_key = tmp_path / "other.key"
    other_key.write_text("ab" * 32 + "\n")
    other_key.chmod(0o600)
    target = tmp_path / "new" / "fd.db"
    target.parent.mkdir()

    result = command(target, "restore", str(office.parent / "b.db"), "--yes", FRONTDESK_AUDIT_KEY=str(other_key))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"the backup {office.parent / 'b.db'} is signed with another audit key, not this machine's key "
        f"{other_key}, so it is not restored"]
    assert [p.name for p in target.parent.iterdir()] == ["settings.toml"]  # no database, no copy


def test_restore_waits_for_no_one_and_names_who_holds_the_database(office):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
         " c.execute('SELECT count(*) FROM visits').fetchone(); print('ready', flush=True); sys.stdin.read()",
         str(office)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = command(office, "restore", str(office.parent / "b.db"), "--yes")
    finally:
        holder.communicate("")
    assert result.exit_code == 1
    assert "is open in another program: python" in result.stderr and f"({holder.pid})" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_no_number_is_given_twice_after_a_restore(office):
    later = [register(office, f"备份之后{i}") for i in range(2)]
    with closing(sqlite3.connect(office)) as db:  # closed before the restore asks who holds the file
        given = {row[0]: row[1] for row in db.execute("SELECT number, query_code FROM visits")}

    result = command(office, "restore", str(office.parent / "b.db"), "--yes")

    assert result.exit_code == 0, result.stderr
    # Each visit's matter (信访事项) went with it, numbered in a series of its own.
    year = later[0][1:5]
    assert (f"went with the restore (never given again): M{year}-000003–M{year}-000004, {later[0]}–{later[1]}"
            in result.stdout)
    following = later[1][:-6] + "000005"
    assert f"next M{year}-000005, {following}" in result.stdout
    assert register(office, "恢复之后") == following not in given
    assert command(office, "audit", "verify").exit_code == 0
    # The restore's entry names what it dropped; the heads file keeps the numbers.
    with closing(sqlite3.connect(office)) as db:
        detail = db.execute("SELECT detail FROM audit_log WHERE action = 'restore'").fetchone()[0]
    assert later[0] in detail
    assert f"numbers M{year}-000004 {later[1]}" in (office.parent / "exports" / "audit-heads.txt").read_text()


def test_an_export_without_its_counters_leaves_nothing(office):
    export = office.parent / "e.jsonl"
    assert command(office, "export", "-o", str(export)).exit_code == 0
    spoiled = attacker.without_table(export, "counters", office.parent / "spoiled.jsonl")
    target = office.parent / "new" / "fd.db"
    target.parent.mkdir()

    result = command(target, "import", str(spoiled))

    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert "lacks its number counters" in result.stderr
    assert [p.name for p in target.parent.iterdir()] == ["settings.toml"]  # no database, no copy


def test_a_restore_explains_the_heads_it_left_behind_and_no_more(office):
    from . import chain_attacker

    assert command(office, "report", "daily").exit_code == 0  # a head past the backup
    assert command(office, "restore", str(office.parent / "b.db"), "--yes").exit_code == 0
    assert command(office, "audit", "verify").exit_code == 0
    for _ in range(2):
        assert command(office, "report", "daily").exit_code == 0
    chain_attacker.cut_tail(office, 3)  # past the newest head, written after the restore
    result = command(office, "audit", "verify")
    assert result.exit_code == 1 and "entries were cut from the end" in result.stderr


def test_restore_is_refused_while_a_terminal_saves_and_no_save_is_lost(tmp_path):
    from .processes import check_database, new_database, promises, start_writer, stop

    db = new_database(tmp_path / "fd.db")
    assert command(db, "backup", str(tmp_path / "b.db")).exit_code == 0
    writer = start_writer(db, 7, "--seconds", "1")
    try:
        first = writer.stdout.readline().decode()  # a save confirmed: the writer has the database
        refused = command(db, "restore", str(tmp_path / "b.db"), "--yes")
        out, err = writer.communicate(timeout=60)
    finally:
        stop(writer)
    assert writer.returncode == 0, err.decode()
    assert refused.exit_code == 1 and "is open in another program: python writer.py" in refused.stderr
    promised = promises((first + out.decode()).encode())
    check_database(db, promised)  # every confirmed save is there, numbers unique and gapless

    result = command(db, "restore", str(tmp_path / "b.db"), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "went with the restore" in result.stdout
    assert command(db, "audit", "verify").exit_code == 0
    with Store.open(db) as store:
        counters = dict(((c, y), last) for c, y, last in store.db.execute("SELECT channel, year, last FROM counters"))
    for number in promised:  # no number the writer gave will be given again
        channel = {"V": "visit", "D": "duty"}[number[0]]
        assert counters[channel, int(number[1:5])] >= int(number[6:])
