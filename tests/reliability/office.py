"""A small office for the command-line tests: one operator of each role and one
record of each kind, made through the commands themselves once per module and
copied for each test; and for every command, a call that works on it.

Canaries are planted in every field class (``CANARIES``: numbers and subject,
names, phones, addresses, ID numbers, content, accused) of an ordinary visit, a
visit filed as an accusation (sealed), a letter accusing someone (sealed) and
an ordinary letter. The role tests fail if one appears where the field-by-role
matrix (``sealing.MATRIX``) says the role may not see it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import click
from click.testing import CliRunner, Result

from frontdesk.cli import cli
from frontdesk.store.shared import operators as operators_module

from testdata import CHEAP_SCRYPT, resident_id

CANARY_ID = resident_id("44030419710203451")
CANARY_ACCUSED = "甄金丝雀"
CANARY_ACCUSED_ID = resident_id("44030419680505123")
# record -> field class -> canary
CANARIES: dict[str, dict[str, str]] = {
    "visit": {"numbers": "拖欠工资", "names": "张三", "phones": "13800138000",
              "addresses": "园岭街道金丝雀路1号", "id_numbers": CANARY_ID, "content": "金丝雀公司拖欠三个月"},
    "visit_sealed": {"numbers": "检举金丝雀局长", "names": "司马金丝", "phones": "13900139003",
                     "addresses": "莲花街道金丝雀路3号", "id_numbers": resident_id("44030419720304561"),
                     "content": "金丝雀局长收受购物卡"},
    "letter": {"numbers": "反映干部作风问题", "names": "李金丝", "phones": "13800138002",
               "addresses": "华富街道金丝雀路2号", "content": "金丝雀来信内容", "accused": CANARY_ACCUSED},
    "letter_open": {"numbers": "反映物业金丝雀", "names": "王金丝", "phones": "13700137004",
                    "addresses": "梅林街道金丝雀路4号", "content": "物业乱收费金丝雀"},
}
SEALED_RECORDS = frozenset({"visit_sealed", "letter"})
# role -> (login name, password)
OPERATORS = {
    "admin": ("admin", "admin-pass-1"),
    "supervisor": ("kezhang", "super-pass-1"),
    "reception": ("jiedai", "desk-pass-1"),
    "duty": ("zhiban", "duty-pass-1"),
    "mail": ("shoufa", "mail-pass-1"),
}
ROLES = tuple(OPERATORS)


def command_paths(command: click.Command = cli, path: tuple[str, ...] = ()) -> Iterator[tuple]:
    """(path, command) of every command that runs something, walking the groups."""
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            yield from command_paths(command.get_command(context, name), (*path, name))
    else:
        yield path, command


def environment(folder: Path) -> dict[str, str]:
    """The variables every command runs with: a settings file whose exports go
    into ``folder``, no inherited operator or language."""
    settings = folder / "settings.toml"
    if not settings.exists():
        settings.write_text(f'exports_dir = "{folder / "exports"}"\n', encoding="utf-8")
    return {"FRONTDESK_CONFIG": str(settings), "FRONTDESK_LANG": None, "FRONTDESK_DB": None,
            "FRONTDESK_OPERATOR": None, "FRONTDESK_PASSWORD": None}


def invoke(folder: Path, db: Path, args: list[str], *, role: str | None = "admin",
           input: str | bytes | None = None, env: dict | None = None, color: bool = True) -> Result:
    """One command in-process, as ``role``'s operator (None: nobody signed in),
    with output as a terminal would get it (``color``: nothing stripped)."""
    variables = environment(folder)
    if role is not None:
        name, password = OPERATORS[role]
        variables.update(FRONTDESK_OPERATOR=name, FRONTDESK_PASSWORD=password)
    variables.update(env or {})
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input, env=variables, color=color)


def yesterday(hour: int = 10) -> str:
    return (datetime.now() - timedelta(days=1)).replace(hour=hour, minute=30).strftime("%Y-%m-%d %H:%M")


@dataclass
class Office:
    """The template database, the files that made it, and the names of its records."""

    folder: Path
    db: Path
    names: dict[str, str] = field(default_factory=dict)

    def copy_to(self, folder: Path) -> Path:
        """A fresh copy of the database in ``folder`` (with its settings file)."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "fd.db"
        shutil.copyfile(self.db, target)
        environment(folder)
        return target


def _write(folder: Path, name: str, data: object) -> str:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def build_office(folder: Path) -> Office:
    """Make the office through the commands (hashing cheaply, as the whole run does)."""
    assert operators_module._SCRYPT == CHEAP_SCRYPT
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "fd.db"
    office = Office(folder, db)
    year = datetime.now().year

    def ok(*args: str, role: str | None = "admin", input: str | None = None, env: dict | None = None) -> Result:
        result = invoke(folder, db, list(args), role=role, input=input, env=env, color=False)
        assert result.exit_code == 0, (args, result.output)
        return result

    ok("init", "--admin", "admin", role=None, env={"FRONTDESK_PASSWORD": OPERATORS["admin"][1]})
    for role, (name, password) in OPERATORS.items():
        if role != "admin":
            ok("operator", "add", name, "--role", role, "--display-name", f"{role}-{name}", input=password + "\n")
    ok("operator", "add", "yeban", "--role", "duty", input="night-pass-1\n")

    files = {
        "visit_json": _write(folder, "visit.json", {
            "visited_at": yesterday(), "headcount": 1, "subject": "拖欠工资", "content": "金丝雀公司拖欠三个月",
            "visitors": [{"name": "张三", "id_number": CANARY_ID, "phone": "13800138000",
                          "address": "园岭街道金丝雀路1号", "postcode": "518000"}]}),
        "sealed_visit_json": _write(folder, "sealed-visit.json", {
            "visited_at": yesterday(), "headcount": 1, "subject": "检举金丝雀局长", "content": "金丝雀局长收受购物卡",
            "category": "检举控告", "disposition": "transfer", "transfer_unit": "区纪委监委",
            "visitors": [{"name": "司马金丝", "id_number": CANARIES["visit_sealed"]["id_numbers"],
                          "phone": "13900139003", "address": "莲花街道金丝雀路3号"}]}),
        "open_letter_json": _write(folder, "open-letter.json", {
            "received_at": yesterday(9), "channel": "post", "kind": "signed",
            "sender": {"name": "王金丝", "address": "梅林街道金丝雀路4号", "phone": "13700137004"},
            "subject": "反映物业金丝雀", "content": "物业乱收费金丝雀"}),
        "duty_json": _write(folder, "duty.json", {
            "at": yesterday(11), "kind": "hotline", "source": "市民周", "phone": "13800138001",
            "summary": "燃气泄漏", "importance": "important", "action": "通知燃气公司", "assignee": "安监李"}),
        "flagged_visit_json": _write(folder, "flagged-visit.json", {
            "visited_at": yesterday(), "headcount": 1, "subject": "越级上访", "skipped_levels": True,
            "visitors": [{"name": "欧阳", "id_number": resident_id("44030419800101123"), "phone": "13500135000"}]}),
        "step_json": _write(folder, "step.json", {"step": "chase", "to": "区教育局", "how": "phone"}),
        "correction_json": _write(folder, "correction.json", {"summary": "燃气泄漏（已处置）", "reason": "补记"}),
        "notice_json": _write(folder, "notice.json", {"title": "防汛会议", "targets": ["区水务局", "园岭街道办"]}),
        "letter_json": _write(folder, "letter.json", {
            "received_at": yesterday(9), "channel": "registered", "kind": "signed",
            "sender": {"name": "李金丝", "unit": "某公司", "address": "华富街道金丝雀路2号", "phone": "13800138002"},
            "signers": 1, "subject": "反映干部作风问题", "content": "金丝雀来信内容", "pages_stated": 2,
            "pages_received": 2, "enclosures": [{"item": "现金", "amount": 200, "returned": False}],
            "accused": [{"name": CANARY_ACCUSED, "unit": "金丝雀管理处", "post": "处长", "rank": "正处",
                         "id_number": CANARY_ACCUSED_ID}],
            "proposal": "transfer", "transfer_to": "区纪委监委"}),
        "post_json": _write(folder, "post.json", {
            "tracking_number": "XA 1234 5678 9CN", "sender": "市人社局", "addressee": "区教育局",
            "received_at": yesterday(8), "signed_by": "赵丽"}),
        "new_post_json": _write(folder, "new-post.json", {
            "tracking_number": "XB 9876 5432 1CN", "sender": "市民政局", "addressee": "区民政局",
            "received_at": yesterday(8)}),
        "doc_json": _write(folder, "doc.json", {
            "issuer": "市政府办公厅", "doc_number": "深府办〔2026〕3号", "title": "关于春节值班的通知",
            "copies": 3, "urgency": "urgent", "secrecy": "none", "readers": ["王主任", "李副主任"]}),
    }
    roster_csv = folder / "roster.csv"
    roster_csv.write_text("日期,姓名,职务\n2026-05-01,刘一,带班领导\n", encoding="utf-8")
    files["roster_csv"] = str(roster_csv)

    ok("visit", "add", files["visit_json"])
    ok("duty", "add", files["duty_json"], role="duty")
    ok("duty", "notice", "add", files["notice_json"], role="duty")
    ok("duty", "roster", "add", "劳动节", "--start", "2026-05-01", "--end", "2026-05-05",
       "--unit", "区教育局", "--unit", "区民政局", role="duty")
    ok("duty", "roster", "import", "劳动节", files["roster_csv"], "--unit", "区教育局", role="duty")
    ok("letter", "add", files["letter_json"], role="mail")
    ok("letter", "add", files["open_letter_json"], role="mail")
    ok("visit", "add", files["sealed_visit_json"])
    ok("visit", "add", files["flagged_visit_json"])  # skipped levels: to report to leaders
    ok("letter", "handle", "--proposal", "submit", "--", f"L{year}-000002", role="mail")  # 呈阅, to report
    ok("post", "add", files["post_json"], role="mail")
    ok("doc", "add", files["doc_json"], role="mail")
    commands = {" ".join(path) for path, _ in command_paths()}
    if "backup" in commands:
        files["backup"] = str(folder / "backup.db")
        ok("backup", files["backup"])
    if "export" in commands:
        files["export_jsonl"] = str(folder / "export.jsonl")
        ok("export", "-o", files["export_jsonl"])

    office.names = {
        **files,
        "visit": f"V{year}-000001", "duty": f"D{year}-000001", "letter": f"L{year}-000001",
        "visit_sealed": f"V{year}-000002", "letter_open": f"L{year}-000002",
        "visit_flagged": f"V{year}-000003",
        "post": f"P{year}-000001", "doc": f"S{year}-000001", "notice": "1", "roster": "劳动节",
        "today": datetime.now().strftime("%Y-%m-%d"), "now": datetime.now().strftime("%Y-%m-%d %H:%M"),
    }
    return office


# --- a call of each command ------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """A call that works on the office: click parameter name -> value (``{name}``
    filled in from the office's names and ``{work}``, the call's own folder),
    who makes it, what stdin holds, and whether it wants a database of its own."""

    values: dict[str, object] = field(default_factory=dict)
    role: str | None = "admin"
    stdin: str | None = None
    fresh_db: bool = False
    env: dict[str, str] = field(default_factory=dict)


CALLS: dict[str, Call] = {
    "audit log": Call(),
    "audit verify": Call(role=None),
    "backup": Call({"path": "{work}/copy.db"}),
    "demo": Call({"visit_count": "2", "letter_count": "1", "duty_count": "1"}),
    "doc add": Call({"source": "{doc_json}"}, role="mail"),
    "doc circulate": Call({"number": "{doc}", "readers": ["王主任"], "opinion": "请阅", "return_by": "{today}"},
                          role="mail"),
    "doc instruct": Call({"number": "{doc}", "leader": "王主任", "words": "请办公室落实"}, role="mail"),
    "doc list": Call({"day": "{today}"}, role="mail"),
    "doc show": Call({"number": "{doc}"}, role="mail"),
    "doc tick": Call({"number": "{doc}", "reader": "王主任"}, role="mail"),
    "duty accept": Call(role="duty"),
    "duty add": Call({"source": "{duty_json}"}, role="duty"),
    "duty correct": Call({"number": "{duty}", "source": "{correction_json}"}, role="duty"),
    "duty done": Call({"number": "{duty}", "note": "已处置"}, role="duty"),
    "duty handover": Call({"note": "无"}, role="duty"),
    "duty list": Call({"day": "{today}"}, role="duty"),
    "duty notice add": Call({"source": "{notice_json}"}, role="duty"),
    "duty notice list": Call(role="duty"),
    "duty notice tick": Call({"notice_id": "{notice}", "target": "区水务局", "person": "王科长", "at": "{now}"},
                             role="duty"),
    "duty open": Call(role="duty"),
    "duty report-to": Call({"number": "{duty}", "to": "组长", "at": "{now}"}, role="duty"),
    "duty roster add": Call({"name": "国庆节", "start": "2026-10-01", "end": "2026-10-07", "units": ["区教育局"]},
                            role="duty"),
    "duty roster export": Call({"key": "{roster}", "output": "{work}/roster.xlsx"}, role="duty"),
    "duty roster import": Call({"key": "{roster}", "path": "{roster_csv}", "unit": "区民政局"}, role="duty"),
    "duty roster leader": Call({"day": "2026-05-01", "name": "陈主任"}, role="duty"),
    "duty roster on": Call({"day": "2026-05-01"}, role="duty"),
    "duty roster set": Call({"day": "2026-05-01", "shift": "night", "leader": "陈主任"}, role="duty"),
    "duty roster shifts": Call({"first": "2026-05-01"}, role="duty"),
    "duty roster show": Call({"key": "{roster}", "day": "2026-05-01"}, role="duty"),
    "duty shifts": Call(role="duty"),
    "duty show": Call({"number": "{duty}"}, role="duty"),
    "export": Call({"output": "{work}/export.jsonl"}),
    "import": Call({"source": "{export_jsonl}"}, fresh_db=True),
    "init": Call({"admin": "chief", "display_name": "陈主任"}, role=None, fresh_db=True,
                 env={"FRONTDESK_PASSWORD": "chief-pass-1"}),
    "letter add": Call({"source": "{letter_json}"}, role="mail"),
    "letter close": Call({"number": "{letter}", "outcome": "已答复"}, role="mail"),
    "letter export": Call({"path": "{work}/letters.csv", "day": "{today}"}, role="mail"),
    "letter handle": Call({"number": "{letter}", "proposal": "transfer", "unit": "区纪委监委", "opinion": "转"},
                          role="mail"),
    "letter held": Call(role="mail"),
    "letter list": Call({"day": "{today}", "query": "李金丝"}, role="mail"),
    "letter return": Call({"number": "{letter}", "position": "1", "how": "registered", "note": "挂号 XA1"},
                          role="mail"),
    "letter show": Call({"number": "{letter}"}, role="mail"),
    "lookup": Call({"query": "张三", "start": "2026-01-01", "end": "{today}"}),
    "letter report-to": Call({"number": "{letter_open}", "to": "陈主任", "at": "{now}"}),
    "matter list": Call({"status": "registered"}),
    "matter show": Call({"number": "{visit}"}),
    "matter step": Call({"number": "{visit}", "source": "{step_json}"}),
    "operator add": Call({"name": "wangwu", "role": "mail", "display_name": "王五"}, stdin="new-pass-1\n"),
    "operator disable": Call({"name": "yeban"}),
    "operator enable": Call({"name": "yeban"}),
    "operator list": Call(),
    "operator passwd": Call({"name": "yeban"}, stdin="new-pass-1\n"),
    "operator unlock": Call({"name": "yeban"}),
    "operator recover": Call({"name": "admin"}, role=None, stdin="brass-lamp-47\n"),
    "post add": Call({"source": "{new_post_json}"}, role="mail"),
    "post list": Call({"typed": "9CN"}, role="mail"),
    "post pass": Call({"number": "{post}", "to": "区教育局", "signed_by": "李四", "at": "{now}"}, role="mail"),
    "report daily": Call({"end": "{now}", "output": "{work}/report.txt"}, role="duty"),
    "report sent": Call({"end": "{now}", "to": "市委总值班室", "how": "传真", "at": "{now}"}, role="duty"),
    "restore": Call({"path": "{backup}", "yes": True}),
    # Refused (an address beyond this host without a certificate): a call that works listens until stopped.
    "serve": Call({"host": "192.0.2.1"}, role=None),
    "visit add": Call({"source": "{visit_json}", "slip_path": "{work}/slip.txt"}),
    "visit list": Call({"day": "{today}", "query": "张三"}),
    "visit report-to": Call({"number": "{visit_flagged}", "to": "陈主任", "at": "{now}"}),
    "visit show": Call({"number": "{visit}"}),
    "visit slip": Call({"number": "{visit}", "output": "{work}/slip.txt"}),
}
TREE = {" ".join(path): command for path, command in command_paths()}


def arguments(path: str, command: click.Command, values: dict[str, object]) -> list[str]:
    """The command line for ``values`` (click parameter name -> value); positional
    values after ``--``, so a value that looks like an option is still a value."""
    options: list[str] = []
    positional: list[str] = []
    for param in command.params:
        if param.name not in values:
            continue
        value = values[param.name]
        if isinstance(param, click.Argument):
            positional.append(value)
        elif getattr(param, "is_flag", False):
            options += [param.opts[0]] if value else []
        elif param.multiple:
            for item in value:
                options += [param.opts[0], item]
        else:
            options += [param.opts[0], value]
    return [*path.split(), *options, "--", *positional]


class Example:
    """One run: a fresh copy of the office in a folder of its own."""

    def __init__(self, office: Office, scratch: Path, fresh_db: bool = False) -> None:
        self.work = Path(tempfile.mkdtemp(dir=scratch))
        self.office = office
        if fresh_db:
            self.db = self.work / "new.db"
            environment(self.work)
        else:
            self.db = office.copy_to(self.work)
        (self.work / "exists.txt").write_text("已有的文件\n", encoding="utf-8")
        self.names = {**office.names, "work": str(self.work)}

    def fill(self, value: object) -> object:
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        return value.format(**self.names) if isinstance(value, str) else value

    def command_line(self, path: str, values: dict[str, object] | None = None) -> list[str]:
        """The arguments of ``path``'s call, with ``values`` in place of its own."""
        filled = {key: self.fill(value) for key, value in CALLS[path].values.items()}
        return arguments(path, TREE[path], filled | (values or {}))

    def run(self, args: list[str], *, role: str | None = "admin", input: str | bytes | None = None,
            env: dict | None = None) -> Result:
        """The command, run from the example's folder (a relative path lands there)."""
        before = os.getcwd()
        os.chdir(self.work)
        try:
            return invoke(self.work, self.db, args, role=role, input=input, env=env)
        finally:
            os.chdir(before)

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
