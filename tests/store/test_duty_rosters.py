"""Holiday duty rosters: import from CSV and XLSX, who is on duty, who has not sent, export."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from frontdesk.output.rosters import write_xlsx
from frontdesk.store import ValidationError

UNITS = ["区教育局", "区民政局", "园岭街道办"]


@pytest.fixture
def officer(store, admin):
    return store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王立新")


@pytest.fixture
def roster(store, officer):
    return store.rosters.create(officer, "2026年劳动节", "2026-05-01", "2026-05-05", UNITS)


def write_csv(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_units_import_csv_and_xlsx_and_the_missing_stand_out(store, officer, roster, tmp_path):
    csv_file = write_csv(tmp_path / "edu.csv", "单位,日期,姓名,职务,电话\n"
                         "区教育局,2026-05-01,刘一,带班领导,13800000001\n"
                         "区教育局,2026/5/2,刘二,值班员,13800000002\n", "gb18030")
    book = Workbook()
    book.active.append(["日期", "姓名", "岗位", "联系电话"])
    book.active.append([__import__("datetime").date(2026, 5, 1), "民一", "值班员", 13900000001])
    book.save(tmp_path / "civil.xlsx")

    store.rosters.import_file(officer, roster.id, csv_file)
    after = store.rosters.import_file(officer, "2026年劳动节", tmp_path / "civil.xlsx", unit="区民政局")

    assert after.received == ("区教育局", "区民政局")
    assert after.missing == ("园岭街道办",)
    on_first = store.rosters.on_duty(officer, "2026-05-01")
    assert [(name, line.unit, line.name, line.phone) for name, line in on_first] == [
        ("2026年劳动节", "区教育局", "刘一", "13800000001"),
        ("2026年劳动节", "区民政局", "民一", "13900000001")]
    assert store.audit.verify().ok


def test_a_unit_sending_again_replaces_its_lines_which_are_kept(store, officer, roster, tmp_path):
    first = write_csv(tmp_path / "a.csv", "单位,日期,姓名\n区教育局,2026-05-01,刘一\n")
    again = write_csv(tmp_path / "b.csv", "单位,日期,姓名\n区教育局,2026-05-01,刘改\n")
    store.rosters.import_file(officer, roster.id, first)

    store.rosters.import_file(officer, roster.id, again)

    assert [line.name for line in store.rosters.lines(officer, roster.id)] == ["刘改"]
    assert store.db.execute("SELECT count(*) FROM duty_roster_lines WHERE superseded_at IS NOT NULL").fetchone()[0] == 1
    assert store.audit.verify().ok


def test_bad_rows_are_all_named_and_nothing_is_imported(store, officer, roster, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", "单位,日期,姓名\n区教育局,五一,刘一\n区教育局,2026-06-01,刘二\n"
                    "区教育局,2026-05-02,\n区教育局,2026-05-03,刘四\n")

    with pytest.raises(ValidationError) as error:
        store.rosters.import_file(officer, roster.id, bad)

    assert error.value.message == ("值班表有 3 行不对，未导入：第 2 行日期格式不对、第 3 行日期不在值班期间内、"
                                   "第 4 行没有姓名")
    assert store.rosters.lines(officer, roster.id) == []


@pytest.mark.parametrize(("text", "message"), [
    ("姓名,电话\n刘一,1\n", "值班表缺少“日期”列"),
    ("日期,姓名\n2026-05-01,刘一\n", "值班表缺少“单位”列"),
    ("\n\n", "值班表文件中没有值班人员"),
])
def test_a_table_without_its_columns_is_refused(store, officer, roster, tmp_path, text, message):
    with pytest.raises(ValidationError) as error:
        store.rosters.import_file(officer, roster.id, write_csv(tmp_path / "x.csv", text))

    assert error.value.message == message


def test_an_unreadable_file_is_refused(store, officer, roster, tmp_path):
    (tmp_path / "fake.xlsx").write_text("not a workbook")

    with pytest.raises(ValidationError) as error:
        store.rosters.import_file(officer, roster.id, tmp_path / "fake.xlsx")
    with pytest.raises(ValidationError):
        store.rosters.import_file(officer, roster.id, tmp_path / "missing.csv")

    assert error.value.message.startswith("无法读取值班表文件")


def test_roster_refusals(store, officer, roster):
    with pytest.raises(ValidationError) as backwards:
        store.rosters.create(officer, "国庆", "2026-10-07", "2026-10-01", UNITS)
    with pytest.raises(ValidationError) as twice:
        store.rosters.create(officer, "2026年劳动节", "2026-05-01", "2026-05-05", UNITS)
    with pytest.raises(ValidationError) as nobody:
        store.rosters.create(officer, "国庆", "2026-10-01", "2026-10-07", [])

    assert backwards.value.field == "roster_end"
    assert twice.value.message == "值班表“2026年劳动节”已存在"
    assert nobody.value.field == "roster_units"


def test_the_combined_roster_is_exported_as_xlsx(store, officer, roster, tmp_path):
    store.rosters.import_file(officer, roster.id, write_csv(
        tmp_path / "a.csv", "单位,日期,姓名,职务,电话\n区民政局,2026-05-02,民二,值班员,1\n"
                            "区教育局,2026-05-01,刘一,,\n"))

    path = write_xlsx(store.rosters.get(officer, roster.id), store.rosters.lines(officer, roster.id),
                      tmp_path / "out" / "roster.xlsx")

    book = load_workbook(path)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "2026年劳动节值班安排表（2026-05-01 至 2026-05-05）"
    assert rows[1] == ("单位", "日期", "姓名", "职务", "电话")
    assert rows[2:] == [
        ("区教育局", "2026-05-01", "刘一", None, None), ("区民政局", "2026-05-02", "民二", "值班员", "1"),
    ]
    assert [r[0] for r in book.worksheets[1].iter_rows(values_only=True)] == ["单位", "园岭街道办"]
