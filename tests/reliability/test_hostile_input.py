"""Hostile input: random and hostile values at every command that takes input
(the store's visit rules on their own: test_hostile_rules.py; the values:
hostile.py).

Every command of the command tree is walked; each must have a call that works
(``CALLS`` in ``office.py``) and be listed in ``INPUTS`` with the kind of each
text parameter it takes (a file of JSON, another file, an output path, a record
number, a date, a time, free text), or the test fails: a new command or option
is covered as soon as it is classified. For each parameter, hypothesis draws values of its kind: control
characters, huge texts, SQL fragments, full-text query syntax, right-to-left
marks, emoji, Rich and Textual markup (``[b]``, ``[/]``, ``[@click=app.quit]``),
terminal escape sequences (``\\x1b[2J``), impossible dates, text in the wrong
encoding, lone surrogates; in files also malformed JSON, JSON of the wrong
type, NUL bytes and wrong values in every key. Whatever the value:

- the command ends with exit 0 or with exit 1 and one line on stderr (by
  design a file that cannot be a database exits 3-7 with one line, and a lookup
  channel a role may not search is a usage error, exit 2), never with a
  traceback;
- nothing it writes to the terminal holds a control character (output is taken
  as a terminal gets it, with nothing stripped);
- the database stays whole: ``PRAGMA integrity_check`` and the audit chain.

Arguments cannot carry a NUL byte (the operating system ends them there) and
only carry lone surrogates as Python decodes bytes that are not UTF-8, so
values given as arguments are made like that; files and stdin carry anything.

Where the entry point stores what it was given, the value is stored exactly as
meant (only ordinary white space at either end trimmed) or refused naming the
field: ``visit add`` (each text field of the visit and its visitors, checked
against ``visit show``) and ``operator add`` (login name, full name, password).

``FRONTDESK_HOSTILE_EXAMPLES`` sets hypothesis's examples per entry point (10 in
CI). A longer run:

    FRONTDESK_HOSTILE_EXAMPLES=300 .venv/bin/python -m pytest tests/reliability/test_hostile_*.py -n 2
"""

from __future__ import annotations

import json
import re
import sqlite3
import traceback
from datetime import datetime
from pathlib import Path

import click
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from frontdesk.output.audit_text import problem_message
from frontdesk.store import Store, ValidationError
from frontdesk.store.core import validate
from frontdesk.store.core.errors import field_label
from frontdesk.store.shared import operators as operators_module
from frontdesk.store.shared.identity import mask_id
from frontdesk.store.shared.login_names import look_alike

from .hostile import (
    DATES,
    FUZZ,
    IN_PATHS,
    KINDS,
    MALFORMED_JSON,
    NUMBERS,
    TERMINAL_CONTROLS,
    TEXT_FIELDS,
    TIMES,
    as_argument,
    free_text,
    json_values,
    trimmed,
)
from .office import CALLS, TREE, Example, Office, build_office, invoke

# --- what each command takes ------------------------------------------------------------------

# command -> {free-text parameter -> the kind of value it takes}; the calls that
# work, which the fuzzing starts from, are the office's CALLS.
INPUTS: dict[str, dict[str, str]] = {
    "audit log": {},
    "audit verify": {"heads": "text"},
    "backup": {"path": "out"},
    "demo": {},
    "doc add": {"source": "json:doc_json"},
    "doc circulate": {"number": "number", "readers": "text", "opinion": "text", "return_by": "date"},
    "doc instruct": {"number": "number", "leader": "text", "words": "text", "at": "time"},
    "doc list": {"day": "date"},
    "doc show": {"number": "number"},
    "doc tick": {"number": "number", "reader": "text", "at": "time"},
    "duty accept": {},
    "duty add": {"source": "json:duty_json"},
    "duty correct": {"number": "number", "source": "json:correction_json"},
    "duty done": {"number": "number", "note": "text"},
    "duty handover": {"note": "text"},
    "duty list": {"day": "date"},
    "duty notice add": {"source": "json:notice_json"},
    "duty notice list": {},
    "duty notice tick": {"notice_id": "number", "target": "text", "person": "text", "at": "time"},
    "duty open": {},
    "duty report-to": {"number": "number", "to": "text", "at": "time"},
    "duty roster add": {"name": "text", "start": "date", "end": "date", "units": "text"},
    "duty roster export": {"key": "text", "output": "out"},
    "duty roster import": {"key": "text", "path": "file:roster_csv", "unit": "text"},
    "duty roster leader": {"day": "date", "name": "text", "shift": "text"},
    "duty roster on": {"day": "date"},
    "duty roster set": {"day": "date", "shift": "text", "officer": "text", "leader": "text"},
    "duty roster shifts": {"first": "date"},
    "duty roster show": {"key": "text", "day": "date"},
    "duty shifts": {},
    "duty show": {"number": "number"},
    "export": {"output": "out"},
    "import": {"source": "file:export_jsonl"},
    "init": {"admin": "name", "display_name": "text"},
    "letter add": {"source": "json:letter_json"},
    "letter close": {"number": "number", "outcome": "text"},
    "letter export": {"path": "out", "day": "date"},
    "letter handle": {"number": "number", "unit": "text", "opinion": "text"},
    "letter held": {},
    "letter list": {"day": "date", "query": "text"},
    "letter return": {"number": "number", "note": "text"},
    "letter show": {"number": "number"},
    "letter report-to": {"number": "number", "to": "text", "at": "time"},
    "lookup": {"query": "text", "channels": "channel", "start": "date", "end": "date"},
    "matter list": {"unit": "text", "on": "date"},
    "matter show": {"number": "number"},
    "matter step": {"number": "number", "source": "json:step_json"},
    "operator add": {"name": "name", "role": "text", "display_name": "text"},
    "operator disable": {"name": "name"},
    "operator enable": {"name": "name"},
    "operator list": {},
    "operator passwd": {"name": "name"},
    "operator unlock": {"name": "name"},
    "operator recover": {"name": "name"},
    "post add": {"source": "json:new_post_json"},
    "post list": {"typed": "text"},
    "post pass": {"number": "number", "to": "text", "signed_by": "text", "at": "time"},
    "report daily": {"end": "time", "output": "out"},
    "report sent": {"end": "time", "to": "text", "how": "text", "at": "time"},
    "restore": {"path": "file:backup"},
    "serve": {"host": "text"},
    "visit add": {"source": "json:visit_json", "slip_path": "out"},
    "visit list": {"day": "date", "query": "text"},
    "visit show": {"number": "number"},
    "visit report-to": {"number": "number", "to": "text", "at": "time"},
    "visit slip": {"number": "number", "output": "out"},
}
# Exit statuses besides 0 and 1 (a refusal) that a command may end with by design.
OTHER_EXITS: dict[str, set[int]] = {
    "lookup": {2},  # a channel the role may not search is a usage error
    "restore": {3, 4, 5, 6, 7},  # a file that cannot be a database says why by its status
}


def exits(path: str) -> frozenset[int]:
    return frozenset({0, 1} | OTHER_EXITS.get(path, set()))


# Parameters every command shares, fuzzed once on their own (see the login test).
SHARED = {"operator", "as_json"}


def free_text_params(command: click.Command) -> list[click.Parameter]:
    """The parameters that take any text (not flags, choices or numbers)."""
    return [p for p in command.params
            if p.name not in SHARED and not getattr(p, "is_flag", False)
            and isinstance(p.type, click.types.StringParamType)]


FUZZED = [(name, param) for name in TREE if name in INPUTS for param in sorted(INPUTS[name])]


def test_every_command_and_text_parameter_is_classified():
    for table in (INPUTS, CALLS):
        unlisted = sorted(set(TREE) - set(table))
        assert not unlisted, f"commands without a call or not classified: {unlisted}"
    for name, command in TREE.items():
        takes = {p.name for p in free_text_params(command)}
        assert takes <= set(INPUTS[name]), (
            f"{name}: text parameters not classified: {sorted(takes - set(INPUTS[name]))}")


# --- running a command ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Office:
    return build_office(tmp_path_factory.mktemp("hostile") / "office")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("examples")


def assert_handled(result, exits: frozenset[int], what: str) -> None:
    """Exit 0, or refusals one line each; never a traceback or a terminal control."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{what}: unhandled {result.exception!r}\n"
                             + "".join(traceback.format_exception(result.exception)))
    output = result.stdout + result.stderr
    assert "Traceback" not in output, what
    assert result.exit_code in exits, f"{what}: exit {result.exit_code}\n{output[:2000]}"
    if result.exit_code not in (0, 2):  # a usage error shows the usage too
        lines = result.stderr.splitlines()
        # Several refusals of one input are a line each; none is blank.
        assert lines and all(line.strip() for line in lines), f"{what}: refusal not on one line: {lines[:5]!r}"
    found = TERMINAL_CONTROLS.search(output)
    assert found is None, f"{what}: {found.group()!r} reaches the terminal: {output[:300]!r}"


def assert_whole(db: Path) -> None:
    """The file passes SQLite's check and the audit chain holds."""
    if not db.exists():
        return
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with Store.open(db) as store:
        result = store.audit.verify()
        assert result.ok, problem_message(result.problem)


def test_every_classified_call_works_as_given(office, scratch):
    """The calls the fuzzing starts from do what they should, so a hostile value
    in one parameter meets the code behind a valid rest."""
    failing = []
    for name in TREE:
        call = CALLS[name]
        example = Example(office, scratch, call.fresh_db)
        try:
            result = example.run(example.command_line(name), role=call.role, input=call.stdin, env=call.env)
            assert_handled(result, exits(name), name)
            if result.exit_code != 0:
                failing.append((name, result.stderr.strip()))
            assert_whole(example.db)
        finally:
            example.close()
    unexpected = [f for f in failing if f[0] not in EXPECTED_REFUSALS]
    assert not unexpected, "\n".join(map(str, unexpected))
    assert {name for name, _ in failing} == EXPECTED_REFUSALS & set(TREE)


# Valid calls that are refused on the office as it is, by a rule worth meeting.
EXPECTED_REFUSALS = {
    "letter close",  # its cash is still held: not closed until returned
    "duty accept",  # nobody handed over
    "serve",  # beyond this host without a certificate; a call that works would listen until stopped
}


# --- every parameter of every command -----------------------------------------------------------


def hostile_file(kind: str, example: Example) -> st.SearchStrategy[str]:
    """Paths to files of hostile content for a ``json:`` or ``file:`` parameter,
    or hostile paths."""
    source_kind, _, template_name = kind.partition(":")
    template_path = Path(example.office.names[template_name]) if template_name in example.office.names else None

    def written(content: bytes) -> str:
        suffix = template_path.suffix if template_path else ".txt"
        path = example.work / f"input{suffix}"
        path.write_bytes(content)
        return str(path)

    contents: list[st.SearchStrategy[bytes]] = [st.sampled_from(MALFORMED_JSON), st.binary(max_size=300)]
    if template_path is not None and source_kind == "json":
        template = json.loads(template_path.read_text(encoding="utf-8"))
        contents.append(st.builds(mutate, st.just(template), st.sampled_from(paths_in(template)),
                                  json_values).map(json_bytes))
    elif template_path is not None and template_path.suffix in (".csv", ".jsonl"):
        lines = template_path.read_text(encoding="utf-8").splitlines()
        contents.append(st.builds(mutate_line, st.just(lines), st.integers(0, len(lines)), free_text))
    elif template_path is not None:
        whole = template_path.read_bytes()
        contents.append(st.integers(0, len(whole)).map(lambda cut: whole[:cut]))
    paths = st.sampled_from(IN_PATHS).map(lambda p: as_argument(p.format(work=example.work)))
    return st.one_of(st.one_of(contents).map(written), paths)


def paths_in(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON value, and a new key at each object."""
    found = [prefix]
    if isinstance(value, dict):
        found.append((*prefix, "新字段\x1b[2J"))
        for key, inner in value.items():
            found += paths_in(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths_in(inner, (*prefix, index))
    return found


def mutate(template: object, place: tuple, value: object) -> object:
    if not place:
        return value
    copy = json.loads(json.dumps(template))
    holder = copy
    for step in place[:-1]:
        holder = holder[step]
    holder[place[-1]] = value
    return copy


def json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode()


def mutate_line(lines: list[str], index: int, text: str) -> bytes:
    lines = list(lines)
    if index < len(lines):
        cut = len(lines[index]) // 2
        lines[index] = lines[index][:cut] + text + lines[index][cut:]
    else:
        lines.append(text)
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize(("path", "param"), FUZZED, ids=[f"{p}:{q}" for p, q in FUZZED])
@FUZZ
@given(data=st.data())
def test_a_hostile_value_in_any_parameter_is_handled(office, scratch, path, param, data):
    call, kind = CALLS[path], INPUTS[path][param]
    example = Example(office, scratch, call.fresh_db)
    try:
        if kind.startswith(("json:", "file:")):
            hostile: object = data.draw(hostile_file(kind, example), label=param)
        else:
            hostile = as_argument(data.draw(KINDS[kind], label=param))
            if kind == "out":
                hostile = as_argument(str(hostile).format(work=example.work))
        command = TREE[path]
        param_object = next(p for p in command.params if p.name == param)
        value = [hostile] if getattr(param_object, "multiple", False) else hostile
        result = example.run(example.command_line(path, {param: value}), role=call.role, input=call.stdin,
                             env=call.env)
        assert_handled(result, exits(path), f"{path} {param}={hostile!r:.80}")
        assert_whole(example.db)
    finally:
        example.close()


DATED = [(path, param, value) for path, param in FUZZED if INPUTS[path][param] in ("date", "time")
         for value in (DATES if INPUTS[path][param] == "date" else TIMES + DATES)]


@pytest.mark.parametrize(("path", "param"), sorted({(p, q) for p, q, _ in DATED}), ids=lambda v: str(v))
def test_every_edge_date_in_any_date_parameter_is_handled(office, scratch, path, param):
    """Each listed edge of the calendar (the first and last days there are, days
    that do not exist) in each date or time parameter, every one tried, not a
    sample: a day near the calendar's end plus a window must not overflow."""
    call = CALLS[path]
    for value in [v for p, q, v in DATED if (p, q) == (path, param)]:
        example = Example(office, scratch, call.fresh_db)
        try:
            command = TREE[path]
            param_object = next(p for p in command.params if p.name == param)
            hostile = as_argument(value)
            given_value = [hostile] if getattr(param_object, "multiple", False) else hostile
            result = example.run(example.command_line(path, {param: given_value}), role=call.role,
                                 input=call.stdin, env=call.env)
            assert_handled(result, exits(path), f"{path} {param}={value!r}")
        finally:
            example.close()


@FUZZ
@given(name=KINDS["name"], password=free_text)
def test_a_hostile_login_is_refused_on_one_line(office, scratch, name, password):
    example = Example(office, scratch)
    try:
        result = example.run(["visit", "list"], role=None, env={
            "FRONTDESK_OPERATOR": as_argument(name), "FRONTDESK_PASSWORD": as_argument(password)})
        assert_handled(result, frozenset({1}), f"login {name!r:.40} / {password!r:.40}")
        assert_whole(example.db)
    finally:
        example.close()


@FUZZ
@given(lines=st.lists(st.one_of(free_text, st.sampled_from(NUMBERS)), min_size=1, max_size=4),
       encoding=st.sampled_from(["utf-8", "gbk", "raw"]))
def test_lookup_batch_answers_each_hostile_line_or_refuses(office, scratch, lines, encoding):
    example = Example(office, scratch)
    try:
        typed = "".join(line.replace("\n", " ").replace("\r", " ") + "\n" for line in lines)
        if encoding == "raw":
            stdin = typed.encode("utf-8", "surrogatepass")
        else:
            stdin = typed.encode(encoding, "replace")
        result = example.run(["lookup", "--batch"], input=stdin)
        assert_handled(result, frozenset({0, 1}), f"lookup --batch {lines!r:.80}")
        if result.exit_code == 0:
            answers = result.stdout.splitlines()
            assert len(answers) == len(lines)
            assert all(isinstance(json.loads(answer), list) for answer in answers)
    finally:
        example.close()


# --- stored exactly as meant, or refused naming the field -------------------------------------------



@FUZZ
@given(place=st.sampled_from(sorted(TEXT_FIELDS)), text=free_text)
def test_visit_add_stores_text_exactly_or_names_the_field(office, scratch, place, text):
    example = Example(office, scratch)
    try:
        template = json.loads(Path(office.names["visit_json"]).read_text(encoding="utf-8"))
        data = mutate(template, place, text)
        source = example.work / "visit.json"
        source.write_bytes(json_bytes(data))
        result = example.run(["visit", "add", "--json", str(source)])
        assert_handled(result, frozenset({0, 1}), f"visit add {place}={text!r:.60}")
        if result.exit_code == 1:
            with Store.open(example.db) as store:
                _checked, errors, _warnings = store.visits.collect(data)
            assert errors, f"refused, though the rules pass: {result.stderr}"
            assert result.stderr.strip() == errors[0].message
            assert field_label(errors[0].field) in result.stderr
            assert errors[0].field == ".".join(str(step) for step in place)
        else:
            saved = json.loads(result.stdout)
            shown = json.loads(example.run(["visit", "show", "--json", saved["number"]]).stdout)
            for record in (saved, shown):
                value = record
                for step in place:
                    value = value[step]
                assert value == trimmed(text)
                assert record["visitors"][0]["id_number"] == mask_id(template["visitors"][0]["id_number"])
        assert_whole(example.db)
    finally:
        example.close()


def undecodable(text: str) -> bool:
    """Whether an argument came from bytes that are not UTF-8."""
    return any("\udc80" <= char <= "\udcff" for char in text)


def first_operator_refusal(name: str, role: str, password: str, display_name: str) -> ValidationError | None:
    """What ``operator add`` checks, in its order: the name and role before the
    password is read, then the full name and the password."""
    for check in (lambda: operators_module.validate_name(name),
                  lambda: operators_module.validate_role(role),
                  lambda: validate.text("display_name", display_name, max_length=40),
                  lambda: operators_module.validate_password(password)):
        try:
            check()
        except ValidationError as error:
            return error
    return None


@FUZZ
@given(name=KINDS["name"], display_name=free_text, password=free_text)
@example(name="ADMIN", display_name="", password="long-enough-pass-1")  # taken, in another case
def test_operator_add_stores_names_exactly_or_names_the_field(office, scratch, name, display_name, password):
    example = Example(office, scratch)
    name, display_name = as_argument(name), as_argument(display_name)
    # Standard input is read as text: a lone carriage return ends the line as a newline does.
    line = re.split(r"\r\n|\r|\n", password)[0]
    try:
        result = example.run(["operator", "add", "--role", "mail", "--display-name", display_name, "--", name],
                             input=(password + "\n").encode("utf-8", "surrogatepass"))
        assert_handled(result, frozenset({0, 1}), f"operator add {name!r:.40}")
        expected = first_operator_refusal(name, "mail", line, display_name)
        listed = json.loads(example.run(["operator", "list", "--json"]).stdout)
        half_characters = any("\ud800" <= char <= "\udfff" for char in line)
        if undecodable(name) or undecodable(display_name):
            assert result.exit_code == 1 and "UTF-8" in result.stderr
        elif half_characters and expected is not None and expected.field != "display_name":
            # The name and the role are checked before the password line is read.
            assert result.exit_code == 1
        elif half_characters:
            assert result.exit_code == 1 and "UTF-8" in result.stderr
        elif result.exit_code == 0:
            assert expected is None
            added = next(op for op in listed if op["name"] == trimmed(name))
            assert added["display_name"] == trimmed(display_name)
            assert added["role"] == "mail"
        elif expected is not None:
            assert field_label(expected.field) in result.stderr, (expected.field, result.stderr)
        else:
            # Right by the rules, refused all the same: only a name taken already may be
            # (in another case, or by a name it could be taken for, as ADMIN for admin).
            assert look_alike(trimmed(name), [op["name"] for op in listed]), result.stderr
        assert_whole(example.db)
    finally:
        example.close()


# --- values that once got through, kept as examples -----------------------------------------------

GBK_NAME = "张三".encode("gbk").decode("utf-8", "surrogateescape")
KNOWN = {
    # (command line with {work} and {file} filled in, content of {file}, stdin)
    "escape sequence echoed in a refusal": (["visit", "show", "--", "\x1b[2J"], None, None),
    "line break echoed in a refusal": (["visit", "show", "--", "V1\nV2"], None, None),
    "line separator echoed in a refusal": (["letter", "show", "--", "0\u20280"], None, None),
    "number too long for Python": (["visit", "add", "{file}"], b'{"headcount": ' + b"1" * 5000 + b"}", None),
    "arrays nested too deep": (["visit", "add", "{file}"], b"[" * 100_000, None),
    "half a character in JSON": (
        ["visit", "add", "{file}"],
        b'{"visitors": [{"name": "\\ud800", "id_number": "11010519491231002X"}], "subject": "x"}', None),
    "digits of another script": (
        ["visit", "add", "{file}"],
        '{"headcount": "𐩀", "visitors": [{"name": "张三"}], "subject": "x"}'.encode(), None),
    "slip written into a folder": (
        ["visit", "add", "--slip", "{work}", "{file}"],
        b'{"visitors": [{"name": "a", "id_number": "11010519491231002X"}], "subject": "x"}', None),
    "unknown key that looks like a list item": (
        ["visit", "add", "{file}"],
        b'{"visitors": [{"name": "a", "id_number": "11010519491231002X"}], "subject": "x", "a.1": 1}', None),
    "search typed in a GBK terminal": (["visit", "list", "--search", GBK_NAME], None, None),
    "login name typed in a GBK terminal": (["operator", "add", "--role", "mail", "--", GBK_NAME], None,
                                            "new-pass-1\n"),
    "new password in GBK": (["operator", "add", "--role", "mail", "--", "wangwu"], None,
                            "密码密码密码\n".encode("gbk")),
    "batch line in GBK": (["lookup", "--batch"], None, "张三\n".encode("gbk")),
    "database name too long": (["--db", "{work}/" + "x" * 300, "visit", "list"], None, None),
    "backup name too long": (["backup", "{work}/" + "x" * 300], None, None),
    "import with a number too long": (["import", "{file}"], b'{"format": ' + b"1" * 5000 + b"}\n", None),
    "search longer than SQLite's LIKE": (["letter", "list", "--search", "x" * 100_000], None, None),
    "the last day there is": (["duty", "list", "--date", "9999-12-31"], None, None),
    "reader by another script's digits": (["doc", "tick", "--", "S{year}-000001", "①②"], None, None),
    "target by another script's digits": (["duty", "notice", "tick", "--person", "王", "--", "1", "①"],
                                          None, None),
    "notice number beyond SQLite": (["duty", "notice", "tick", "--person", "王", "--", "9" * 20, "区水务局"],
                                    None, None),
    "roster cell longer than csv reads": (["duty", "roster", "import", "--", "劳动节", "{file}"],
                                          b"2026-05-01," + b"x" * 200_000 + b",x\n", None),
}


@pytest.mark.parametrize("case", sorted(KNOWN))
def test_a_value_that_once_got_through_is_refused_on_one_line(office, scratch, case):
    args, content, stdin = KNOWN[case]
    example = Example(office, scratch, fresh_db=args[0] == "import")
    try:
        file = example.work / ("input.csv" if "roster" in case else "input.json")
        if content is not None:
            file.write_bytes(content)
        filled = [a.replace("{work}", str(example.work)).replace("{file}", str(file))
                  .replace("{year}", str(datetime.now().year)) for a in args]
        if filled[0] == "--db":
            result = invoke(example.work, Path(filled[1]), filled[2:])
        else:
            result = example.run(filled, input=stdin)
        assert_handled(result, frozenset({1, 3}), case)
        assert result.exit_code != 0, result.stdout
        assert_whole(example.db)
    finally:
        example.close()
