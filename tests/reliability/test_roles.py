"""Roles: a table of every command and every main screen says which roles may use
it; each role can do exactly that and is refused (exit 1, one line) otherwise.
The tree of commands and the registry of screens are walked: one missing from
the table fails the test.

Canaries are planted in the office (``office.py``) in every field class of an
ordinary visit and letter and of a sealed (accusation) visit and letter. The
full ID numbers appear in no output and no file of any command of any role
(only ``visit show --reveal`` by a supervisor or an admin, which is audited, and
the copies only an admin or a supervisor may make: ``backup``, ``export``);
every other canary reaches a role only where the field-by-role matrix
(``sealing.MATRIX``) lets it: sealed records reach no role but the mail room,
supervisors and admins beyond their number and date, and the duty room reads
visitors' names masked and nothing of their phones, addresses and ID numbers;
on the lookup and list screens too. Five failed logins lock an operator out,
through the command line too.

The idle lock with a fake clock, and Ctrl+L, are proven in ``tests/tui/test_locking.py``
(listed in ``COVERED_ELSEWHERE`` below, which fails if a test named there is gone).
"""

from __future__ import annotations

import importlib
import json
import zipfile
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.output.labels import sealed_text
from frontdesk.screens.visits.visit_list import VisitListDialog
from frontdesk.store import Store
from frontdesk.store.shared import sealing
from frontdesk.store.shared.identity import mask_id
from frontdesk.store.shared.permissions import PERMISSIONS
from frontdesk.tui.app import make_app
from frontdesk.tui.registry import MAIN_SCREENS

from .office import (
    CALLS,
    CANARIES,
    CANARY_ACCUSED,
    CANARY_ACCUSED_ID,
    CANARY_ID,
    OPERATORS,
    ROLES,
    SEALED_RECORDS,
    TREE,
    Example,
    Office,
    build_office,
)

A, S, R, D, M = ROLES  # admin, supervisor, reception, duty, mail
EVERYONE = frozenset(ROLES)
ADMIN = frozenset({A})
LEADERS = frozenset({A, S})
DESK = frozenset({R, S, A})  # 接访: registers visits
VISIT_READERS = frozenset({R, D, S, A})  # the mail room has no business with visits
DUTY_ROOM = frozenset({D, S, A})
MAIL_ROOM = frozenset({M, S, A})
LETTER_READERS = frozenset({M, R, S, A})  # the desk checks whether a matter came by letter
MATTER_ROLES = frozenset({R, M, S, A})  # 办理跟踪: the desk, the mail room and their supervisors
NO_LOGIN = None  # runs without signing in

# The office's rules: who may run each command.
COMMAND_ROLES: dict[str, frozenset[str] | None] = {
    "audit log": LEADERS,
    "audit verify": NO_LOGIN,  # anyone may check the chain; it shows no record
    "backup": ADMIN,
    "demo": ADMIN,
    "doc add": MAIL_ROOM,
    "doc circulate": MAIL_ROOM,
    "doc instruct": MAIL_ROOM,
    "doc list": MAIL_ROOM,
    "doc show": MAIL_ROOM,
    "doc tick": MAIL_ROOM,
    "duty accept": DUTY_ROOM,
    "duty add": DUTY_ROOM,
    "duty correct": DUTY_ROOM,
    "duty done": DUTY_ROOM,
    "duty handover": DUTY_ROOM,
    "duty list": DUTY_ROOM,
    "duty notice add": DUTY_ROOM,
    "duty notice list": DUTY_ROOM,
    "duty notice tick": DUTY_ROOM,
    "duty open": DUTY_ROOM,
    "duty report-to": DUTY_ROOM,
    "duty roster add": DUTY_ROOM,
    "duty roster export": DUTY_ROOM,
    "duty roster import": DUTY_ROOM,
    "duty roster leader": DUTY_ROOM,
    "duty roster on": DUTY_ROOM,
    "duty roster set": DUTY_ROOM,
    "duty roster shifts": DUTY_ROOM,
    "duty roster show": DUTY_ROOM,
    "duty shifts": DUTY_ROOM,
    "duty show": DUTY_ROOM,
    "export": LEADERS,
    "import": ADMIN,  # one of the export's admins, who gives a password for the new database
    "init": NO_LOGIN,  # only on a database without operators
    "letter add": MAIL_ROOM,
    "letter close": MAIL_ROOM,
    "letter export": LETTER_READERS,
    "letter handle": MAIL_ROOM,
    "letter held": LETTER_READERS,
    "letter list": LETTER_READERS,
    "letter report-to": MAIL_ROOM | DUTY_ROOM,  # who registered it, or the duty room's open list
    "letter return": MAIL_ROOM,
    "letter show": LETTER_READERS,
    "lookup": EVERYONE,  # each role finds only the channels it may read
    "matter list": MATTER_ROLES,
    "matter show": MATTER_ROLES,
    "matter step": MATTER_ROLES,
    "operator add": ADMIN,
    "operator disable": ADMIN,
    "operator enable": ADMIN,
    "operator list": ADMIN,
    "operator passwd": ADMIN,  # someone else's; one's own: everyone (tested below)
    "operator unlock": ADMIN,
    "operator recover": NO_LOGIN,  # the OS account that owns the database file stands in
    "post add": MAIL_ROOM,
    "post list": MAIL_ROOM,
    "post pass": MAIL_ROOM,
    "report daily": DUTY_ROOM,
    "report sent": DUTY_ROOM,
    "restore": ADMIN,
    "serve": NO_LOGIN,  # the host's administrator starts it; each browser tab signs in on its own
    "visit add": DESK,
    "visit list": VISIT_READERS,
    "visit report-to": DESK | DUTY_ROOM,
    "visit show": VISIT_READERS,
    "visit slip": VISIT_READERS,
}
# Who may open each main screen of the TUI.
SCREEN_ROLES: dict[str, frozenset[str]] = {
    "home": EVERYONE,
    "visit": DESK,
    "duty": DUTY_ROOM,
    "letter": MAIL_ROOM,
    "mail": LETTER_READERS,
    "lookup": EVERYONE,
    "operators": ADMIN,
    "audit": LEADERS,
    "matters": MATTER_ROLES,
}
# Who may see a visitor's full ID number (on asking, audited), and an accused person.
MAY_REVEAL = LEADERS
MAY_SEE_ACCUSED = MAIL_ROOM
# What each role sees of a petition record, by field class (numbers: numbers, dates,
# subject), where it reads the channel at all; a sealed record gives the roles not in
# MAY_SEE_ACCUSED its number and date only. ID numbers are masked for all (revealed
# on asking by MAY_REVEAL, audited).
_FULL, _MASKED, _NONE = "full", "masked", "none"
FIELD_RULES: dict[str, dict[str, dict[str, str]]] = {
    "visit": {
        **{role: {"numbers": _FULL, "names": _FULL, "phones": _FULL, "addresses": _FULL,
                  "id_numbers": _MASKED, "content": _FULL, "accused": _NONE} for role in DESK},
        D: {"numbers": _FULL, "names": _MASKED, "phones": _NONE, "addresses": _NONE,
            "id_numbers": _NONE, "content": _NONE, "accused": _NONE},
    },
    "letter": {
        **{role: {"numbers": _FULL, "names": _FULL, "phones": _FULL, "addresses": _FULL,
                  "id_numbers": _MASKED, "content": _FULL, "accused": _FULL} for role in MAIL_ROOM},
        R: {"numbers": _FULL, "names": _FULL, "phones": _FULL, "addresses": _FULL,
            "id_numbers": _MASKED, "content": _FULL, "accused": _NONE},
    },
}
# Copies of everything, made only by roles that may see everything.
WHOLE_COPIES = {"backup", "export"}
# Promises proven by tests elsewhere: (module, test).
COVERED_ELSEWHERE = {
    "idle lock with a fake clock": ("tests.tui.test_locking", "test_idle_minutes_lock_the_screen"),
    "Ctrl+L locks and unmounts every screen": (
        "tests.tui.test_locking", "test_ctrl_l_locks_and_unmounts_every_work_screen"),
    "unlocking needs the password": (
        "tests.tui.test_locking", "test_unlock_needs_the_password_and_returns_to_a_new_screen"),
    "revealing on screen is audited": (
        "tests.tui.test_visit_form", "test_a_supervisor_reveals_id_numbers_on_screen_and_it_is_audited"),
    "the audit log refused to the desk, duty and mail roles": (
        "tests.store.test_audit", "test_log_is_refused_to_desk_duty_and_mail_roles"),
}


def permission_refusal() -> str:
    """The beginning of every refusal for want of a role ("权限不足")."""
    return t("err.permission", action="", roles="").split("：")[0]


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Office:
    return build_office(tmp_path_factory.mktemp("roles") / "office")


@pytest.fixture
def scratch(tmp_path) -> Path:
    return tmp_path


# --- the tables cover everything -------------------------------------------------------------


def test_every_command_and_screen_is_in_the_tables():
    assert sorted(set(TREE) - set(COMMAND_ROLES)) == [], "commands missing from COMMAND_ROLES"
    assert sorted({spec.id for spec in MAIN_SCREENS} - set(SCREEN_ROLES)) == [], "screens missing"


def test_the_permission_table_agrees_with_the_office_rules():
    """The store's table, read through the screens: each screen's permission
    gives exactly the roles the office's rules name."""
    for spec in MAIN_SCREENS:
        roles = EVERYONE if spec.permission is None else frozenset(r.value for r in PERMISSIONS[spec.permission][0])
        assert roles == SCREEN_ROLES[spec.id], spec.id
    assert frozenset(r.value for r in PERMISSIONS["visit.reveal"][0]) == MAY_REVEAL
    assert frozenset(r.value for r in PERMISSIONS["accused.read"][0]) == MAY_SEE_ACCUSED
    assert {channel: {role.value: {field: level.value for field, level in row.items()}
                      for role, row in rows.items()}
            for channel, rows in sealing.MATRIX.items()} == FIELD_RULES


@pytest.mark.parametrize("promise", sorted(COVERED_ELSEWHERE))
def test_what_is_proven_elsewhere_is_still_there(promise):
    module, test = COVERED_ELSEWHERE[promise]
    assert callable(getattr(importlib.import_module(module), test, None)), f"{module}::{test} is gone"


# --- every command, every role --------------------------------------------------------------------


def prepare(path: str, example: Example) -> None:
    """What a command needs before it can be done: a shift handed over for
    ``duty accept``, the cash returned for ``letter close``."""
    if path == "duty accept":
        result = example.run(["duty", "handover", "--note", "交班"], role=None,
                             env={"FRONTDESK_OPERATOR": "yeban", "FRONTDESK_PASSWORD": "night-pass-1"})
        assert result.exit_code == 0, result.output
    if path == "letter close":
        result = example.run(["letter", "return", "--how", "registered", "--", example.names["letter"], "1"])
        assert result.exit_code == 0, result.output


def files_written(example: Example) -> bytes:
    """Everything the command wrote into its folder (the members of a zip, such
    as a Word or Excel file, unpacked)."""
    found = b""
    for path in sorted(example.work.rglob("*")):
        if not path.is_file() or path.name.startswith(("fd.db", "new.db")) or path.suffix == ".toml":
            continue
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                found += b"".join(archive.read(member) for member in archive.namelist())
        else:
            found += path.read_bytes()
    return found


def canary_level(role: str, record: str, field_class: str) -> sealing.Level:
    """What ``role`` may see of ``record``'s ``field_class`` (``sealing.MATRIX``;
    a sealed record: nothing but its number and date to a role that may not read it)."""
    row = FIELD_RULES[record.split("_")[0]].get(role)
    if row is None or (record in SEALED_RECORDS and role not in MAY_SEE_ACCUSED):
        return sealing.Level.NONE
    return sealing.Level(row[field_class])


def assert_canary_hidden(role: str, output: str, written: bytes, what: str) -> None:
    for secret in (CANARY_ID, CANARY_ACCUSED_ID, CANARIES["visit_sealed"]["id_numbers"]):
        assert secret not in output, f"{what}: a full ID number reaches {role}"
        assert secret.encode() not in written, f"{what}: a full ID number in a file of {role}"
    if role not in MAY_SEE_ACCUSED:
        assert CANARY_ACCUSED not in output, f"{what}: the accused person reaches {role}"
        assert CANARY_ACCUSED.encode() not in written, f"{what}: the accused person in a file of {role}"
    for record, canaries in CANARIES.items():
        for field_class, canary in canaries.items():
            level = canary_level(role, record, field_class)
            hidden = [mask_id(canary)] if field_class == "id_numbers" else [canary]
            if level == sealing.Level.NONE or (level == sealing.Level.MASKED and field_class == "names"):
                for secret in hidden:
                    where = f"{what}: {record}'s {field_class} ({secret})"
                    assert secret not in output, f"{where} reaches {role}"
                    assert secret.encode() not in written, f"{where} in a file of {role}"


CASES = [(path, role) for path in sorted(TREE) if COMMAND_ROLES.get(path) is not NO_LOGIN for role in ROLES]


@pytest.mark.parametrize(("path", "role"), CASES, ids=[f"{p}-{r}" for p, r in CASES])
def test_each_role_may_do_exactly_what_it_should(office, scratch, path, role):
    call = CALLS[path]
    example = Example(office, scratch, call.fresh_db)
    prepare(path, example)
    result = example.run(example.command_line(path), role=role, input=call.stdin, env=call.env)

    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if role in COMMAND_ROLES[path]:
        assert result.exit_code == 0, f"{path} refused to {role}: {result.output}"
    else:
        assert result.exit_code == 1, f"{path} allowed to {role}: {result.output}"
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(permission_refusal()), lines
        assert result.stdout == ""
    if path not in WHOLE_COPIES:
        assert_canary_hidden(role, result.stdout + result.stderr, files_written(example), path)


# Commands whose working call runs until stopped (tested in their own modules).
RUNS_UNTIL_STOPPED = {"serve"}  # tests/test_cli_serve.py, tests/test_browser.py


@pytest.mark.parametrize("path", sorted(p for p in TREE if COMMAND_ROLES.get(p) is NO_LOGIN
                                        and p not in RUNS_UNTIL_STOPPED))
def test_commands_without_a_login_work_without_one(office, scratch, path):
    call = CALLS[path]
    example = Example(office, scratch, call.fresh_db)
    result = example.run(example.command_line(path), role=None, input=call.stdin, env=call.env)

    assert result.exit_code == 0, result.output
    assert_canary_hidden("nobody", result.stdout + result.stderr, files_written(example), path)


def test_import_without_a_login_is_refused_on_a_database_with_records(office, scratch):
    example = Example(office, scratch)
    result = example.run(["import", "--", office.names["export_jsonl"]], role=None)

    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("role", ROLES)
def test_everyone_may_change_their_own_password_and_no_one_elses(office, scratch, role):
    name, _password = OPERATORS[role]
    example = Example(office, scratch)
    others = example.run(["operator", "passwd", "--", "yeban"], role=role, input="brand-new-pass\n")
    own = example.run(["operator", "passwd", "--", name], role=role, input="brand-new-pass\n")

    assert own.exit_code == 0, own.output
    assert others.exit_code == (0 if role == A else 1), others.output
    with Store.open(example.db) as store:
        assert store.operators.check_password(store.operators.get(name), "brand-new-pass")


# --- ID numbers: masked, revealed only by those who may, audited ------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_an_id_number_is_revealed_only_to_a_role_that_may_and_the_reveal_is_audited(office, scratch, role):
    example = Example(office, scratch)
    masked = example.run(["visit", "show", "--json", "--", office.names["visit"]], role=role)
    revealed = example.run(["visit", "show", "--json", "--reveal", "--", office.names["visit"]], role=role)

    if role in VISIT_READERS:
        # The duty room reads no ID number at all, not even masked.
        assert masked.exit_code == 0 and (mask_id(CANARY_ID) in masked.stdout) is (role != D)
    assert CANARY_ID not in masked.output
    with Store.open(example.db) as store:
        reveals = [e for e in store.audit.log(store.operators.get("admin"), limit=1000) if e.action == "reveal"]
    if role in MAY_REVEAL:
        assert revealed.exit_code == 0 and CANARY_ID in revealed.stdout
        assert [e.operator for e in reveals] == [OPERATORS[role][0]]
    else:
        assert revealed.exit_code == 1 and CANARY_ID not in revealed.output
        assert reveals == []


@pytest.mark.parametrize("role", ROLES)
def test_the_lookup_never_finds_a_full_id_or_an_accused_person_for_a_role_that_may_not(office, scratch, role):
    example = Example(office, scratch)
    for query in (CANARY_ID, CANARY_ID[-4:], CANARY_ACCUSED, CANARY_ACCUSED_ID, CANARY_ACCUSED_ID[-4:],
                  "甄", "zjsq", "金丝雀管理处"):
        result = example.run(["lookup", "--json", "--", query], role=role)
        assert result.exit_code == 0, result.output
        assert_canary_hidden(role, result.output, b"", f"lookup {query}")
        batch = example.run(["lookup", "--batch"], role=role, input=query + "\n")
        assert_canary_hidden(role, batch.output, b"", f"lookup --batch {query}")
    for search in (CANARY_ACCUSED, "金丝雀管理处"):
        result = example.run(["letter", "list", "--json", "--search", search], role=role)
        assert_canary_hidden(role, result.output, b"", f"letter list --search {search}")
        if role in LETTER_READERS and role not in MAY_SEE_ACCUSED:
            assert result.exit_code == 0 and result.stdout.strip() == "[]"


@pytest.mark.parametrize("role", ROLES)
def test_each_canary_is_shown_where_the_matrix_lets_the_role_see_it(office, scratch, role):
    """The other side of the canaries: what a role may see of each record,
    ``visit show`` and ``letter show`` (text and JSON) show it; a sealed record
    shows its number and the sealed mark."""
    example = Example(office, scratch)
    for record in CANARIES:
        channel = record.split("_")[0]
        if role not in FIELD_RULES[channel]:
            continue
        number = office.names[record]
        shown = example.run([channel, "show", "--", number], role=role)
        as_json = example.run([channel, "show", "--json", "--", number], role=role)
        assert shown.exit_code == 0 == as_json.exit_code, shown.output
        assert number in shown.stdout and json.loads(as_json.stdout)["number"] == number
        sealed = record in SEALED_RECORDS and role not in MAY_SEE_ACCUSED
        assert (sealed_text(channel) in shown.stdout) is sealed
        assert json.loads(as_json.stdout)["sealed"] is sealed
        for field_class, canary in CANARIES[record].items():
            level = canary_level(role, record, field_class)
            expected = {sealing.Level.FULL: canary, sealing.Level.MASKED: sealing.mask_name(canary)}.get(level)
            if field_class == "id_numbers" and expected:
                expected = mask_id(canary)
            for output in (shown.stdout, as_json.stdout):
                if expected:
                    assert expected in output, (role, record, field_class)


@pytest.mark.parametrize("role", [R, M])
def test_the_canary_is_planted_where_the_mail_room_sees_it(office, scratch, role):
    """The accused person is on the letter (so the tests above could find a
    leak): the mail room sees the name, with the ID number masked."""
    example = Example(office, scratch)
    shown = example.run(["letter", "show", "--", office.names["letter"]], role=role)

    assert shown.exit_code == 0
    assert (CANARY_ACCUSED in shown.stdout) is (role in MAY_SEE_ACCUSED)
    if role in MAY_SEE_ACCUSED:
        assert mask_id(CANARY_ACCUSED_ID) in shown.stdout
    listed = example.run(["letter", "list", "--json", "--view", "all"], role=role)
    exported = example.run(["letter", "export", "--", str(example.work / "letters.csv")], role=role)
    assert listed.exit_code == 0 == exported.exit_code
    register = listed.stdout + (example.work / "letters.csv").read_text(encoding="utf-8-sig")
    # The sealed letter: in the register and its export by number, its words only for the mail room.
    assert office.names["letter"] in register and "反映物业金丝雀" in register
    assert ("反映干部作风问题" in register) is (role in MAY_SEE_ACCUSED)
    assert (sealed_text("letter") in register) is (role not in MAY_SEE_ACCUSED)


def test_the_audit_log_holds_no_full_id_number(office, scratch):
    example = Example(office, scratch)
    example.run(["visit", "show", "--reveal", "--", office.names["visit"]], role=S)
    result = example.run(["audit", "log", "--json", "--limit", "100000"], role=A)

    assert result.exit_code == 0
    assert CANARY_ID not in result.stdout and CANARY_ACCUSED_ID not in result.stdout


# --- failed logins --------------------------------------------------------------------------------


def test_five_failed_logins_lock_the_operator_out_through_the_command_line(office, scratch):
    example = Example(office, scratch)
    name, password = OPERATORS[R]

    def attempt(typed: str):
        result = example.run(["visit", "list"], role=None,
                             env={"FRONTDESK_OPERATOR": name, "FRONTDESK_PASSWORD": typed})
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    refused = t("err.login_failed", failures=5, minutes=15)
    for _ in range(4):
        failed = attempt("wrong-pass")
        assert failed.exit_code == 1 and failed.stderr.splitlines() == [refused]
    fifth = attempt("wrong-pass")
    right = attempt(password)

    assert fifth.exit_code == 1 and right.exit_code == 1
    for result in (fifth, right):
        # Locked out: the same words as a wrong password, even with the right one.
        assert result.stderr.splitlines() == [refused]
        assert result.stdout == ""
    assert example.run(["operator", "unlock", "--", name], role=A).exit_code == 0
    assert attempt(password).exit_code == 0


# --- the screens ----------------------------------------------------------------------------------


def rows_shown(table: DataTable) -> str:
    return "\n".join(" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count))


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_opens_exactly_its_screens_and_finds_no_canary(office, scratch, role):
    example = Example(office, scratch)
    store = Store.open(example.db)
    operator = store.operators.get(OPERATORS[role][0])
    app = make_app(store, Settings(), store.now)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_desk(operator)
            await pilot.pause()
            for spec in MAIN_SCREENS:
                before = app.current_mode
                await pilot.press(spec.key)
                await pilot.pause()
                expected = spec.id if role in SCREEN_ROLES[spec.id] else before
                assert app.current_mode == expected, (role, spec.id)

            await pilot.press("f7")
            await pilot.pause()
            search = app.screen.query_one("#lookup-query", Input)
            for query in (CANARY_ID, CANARY_ID[-4:], CANARY_ACCUSED, "金丝雀管理处", CANARIES["visit"]["phones"],
                          CANARIES["visit_sealed"]["names"], CANARIES["letter"]["names"], "张三"):
                search.value = query
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()
                await pilot.pause()
                rows = rows_shown(app.screen.query_one(DataTable))
                assert_canary_hidden(role, rows, b"", f"F7 {query}")
            # The last query, a visitor's name: the duty room sees that he has been here, name masked.
            if role == D:
                assert office.names["visit"] in rows and "张*" in rows and "张三" not in rows

            if role in SCREEN_ROLES["visit"]:
                await pilot.press("f3")
                await pilot.pause()
                await pilot.press("ctrl+f")
                await pilot.pause()
                assert isinstance(app.screen, VisitListDialog)
                listing = app.screen.query_one("#list-search", Input)
                for query in (CANARY_ID, CANARY_ID[-4:], "张三"):
                    listing.value = query
                    await pilot.pause(0.5)
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                    shown = rows_shown(app.screen.query_one(DataTable))
                    assert "张三" in shown and CANARY_ID not in shown, (query, shown)
                listing.value = office.names["visit_sealed"]
                await pilot.pause(0.5)
                await app.workers.wait_for_complete()
                await pilot.pause()
                shown = rows_shown(app.screen.query_one(DataTable))
                assert office.names["visit_sealed"] in shown
                assert (sealed_text("visit") in shown) is (role not in MAY_SEE_ACCUSED)
                assert_canary_hidden(role, shown, b"", "visit list by the sealed visit's number")
    finally:
        store.close()
