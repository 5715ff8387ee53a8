"""Times typed the way operators say them: every accepted shape reads back the
time it was written from; ambiguous, impossible and future times are refused
with their own message; nothing typed makes the parser fail another way."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.store import ValidationError
from frontdesk.store.core import validate

NOW = datetime(2026, 12, 1, 14, 35, 12)


def refusal(value: str, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        validate.moment("visited_at", value, now=kwargs.pop("now", NOW), **kwargs)
    return caught.value.key


@pytest.mark.parametrize(("typed", "meant"), [
    ("14:30", datetime(2026, 12, 1, 14, 30)),
    ("9:05", datetime(2026, 12, 1, 9, 5)),
    ("14:30:05", datetime(2026, 12, 1, 14, 30, 5)),
    ("11-30 23:50", datetime(2026, 11, 30, 23, 50)),
    ("2026-12-01 02:10", datetime(2026, 12, 1, 2, 10)),
    ("2026-12-01 02:10:09", datetime(2026, 12, 1, 2, 10, 9)),
    ("2026-12-01T02:10", datetime(2026, 12, 1, 2, 10)),
    ("2026/12/1 2:10", datetime(2026, 12, 1, 2, 10)),
    ("2026年12月1日2时10分", datetime(2026, 12, 1, 2, 10)),
    ("12月1日 2:10", datetime(2026, 12, 1, 2, 10)),
    ("12月1日2点10分", datetime(2026, 12, 1, 2, 10)),
    ("12月1号2点", datetime(2026, 12, 1, 2, 0)),
    ("2点半", datetime(2026, 12, 1, 2, 30)),
    ("２０２６－１２－０１　０２：１０", datetime(2026, 12, 1, 2, 10)),
    ("１４：３０", datetime(2026, 12, 1, 14, 30)),
    ("  2026-12-01   02:10 ", datetime(2026, 12, 1, 2, 10)),
    ("now", NOW),
    ("NOW", NOW),
    ("现在", NOW),
])
def test_every_spoken_shape_means_one_time(typed, meant):
    assert validate.moment("visited_at", typed, now=NOW) == meant
    assert validate.parse_moment(typed, NOW) == meant


@pytest.mark.parametrize(("typed", "key"), [
    ("12/01 10:00", "err.time_ambiguous"),
    ("01/12/2026 10:00", "err.time_ambiguous"),
    ("1-2-3", "err.time_ambiguous"),
    ("02-30 10:00", "err.time_impossible"),
    ("2026-02-29 10:00", "err.time_impossible"),
    ("25:00", "err.time_impossible"),
    ("10:60", "err.time_impossible"),
    ("12月32日 1:00", "err.time_impossible"),
    ("12月1日", "err.time_date_only"),
    ("2026-12-01", "err.time_date_only"),
    ("14:3", "err.time_format"),
    ("1430", "err.time_format"),
    ("yesterday", "err.time_format"),
    ("2026/12-01 10:00", "err.time_format"),
    ("١٤:٣٠", "err.time_format"),
    ("下午2点", "err.time_format"),
    ("2026-12-01 14:45", "err.time_future"),
    ("14:45", "err.time_future_undated"),
    ("1999-12-31 23:59", "err.time_too_old"),
])
def test_what_cannot_be_told_for_sure_is_refused_not_guessed(typed, key):
    assert refusal(typed) == key


def test_a_time_without_a_date_is_today_even_just_after_midnight():
    """At 00:10 "23:50" is tonight, still ahead: refused, never yesterday's."""
    just_after_midnight = datetime(2026, 12, 1, 0, 10)
    assert refusal("23:50", now=just_after_midnight) == "err.time_future_undated"
    assert validate.moment("at", "11-30 23:50", now=just_after_midnight) == datetime(2026, 11, 30, 23, 50)


def test_a_few_minutes_ahead_are_allowed_and_a_deadline_may_lie_anywhere_ahead():
    assert validate.moment("at", "14:40", now=NOW) == datetime(2026, 12, 1, 14, 40)
    assert validate.moment("deadline", "2027-01-05 09:00", now=NOW, future_slack=None) == datetime(2027, 1, 5, 9)
    assert validate.moment("deadline", "18:00", now=NOW, future_slack=None) == datetime(2026, 12, 1, 18)


def test_a_bare_date_takes_the_default_time_when_one_is_given():
    assert validate.parse_moment("12-01", NOW, default_time=time(8, 30)) == datetime(2026, 12, 1, 8, 30)
    assert validate.parse_moment("12月1日", NOW, default_time=time(8)) == datetime(2026, 12, 1, 8)


def test_the_refusal_names_the_field_and_the_accepted_forms():
    with pytest.raises(ValidationError) as caught:
        validate.parse_moment("12/01 10:00", NOW, field="visited_at")
    assert caught.value.field == "visited_at"
    assert "12-01" in caught.value.message and "YYYY-MM-DD" in caught.value.message


# --- properties --------------------------------------------------------------------

SHAPES = {
    "clock": lambda m: f"{m.hour}:{m.minute:02d}",
    "month_day": lambda m: f"{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}",
    "full": lambda m: f"{m:%Y-%m-%d %H:%M}",
    "full_seconds": lambda m: f"{m:%Y-%m-%d %H:%M:%S}",
    "iso": lambda m: f"{m:%Y-%m-%dT%H:%M:%S}",
    "slashes": lambda m: f"{m.year}/{m.month}/{m.day} {m.hour}:{m.minute:02d}",
    "spoken_full": lambda m: f"{m.year}年{m.month}月{m.day}日{m.hour}时{m.minute}分",
    "spoken_clock": lambda m: f"{m.month}月{m.day}日 {m.hour}:{m.minute:02d}",
    "spoken_dot": lambda m: f"{m.month}月{m.day}日{m.hour}点{m.minute}分",
    "full_width": lambda m: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000"
                                    for c in f"{m:%Y-%m-%d %H:%M}"),
}
# Which parts of the time each shape carries; the rest come from "now".
KEEPS = {"clock": "today", "month_day": "this_year", "spoken_clock": "this_year", "spoken_dot": "this_year"}
SECONDS = {"full_seconds", "iso"}


@given(when=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
       shape=st.sampled_from(sorted(SHAPES)))
def test_a_time_written_in_any_accepted_shape_reads_back(when, shape):
    when = when.replace(second=when.second if shape in SECONDS else 0, microsecond=0)
    # "now" shares with the time what the shape leaves out, and is later.
    if KEEPS.get(shape) == "today":
        now = datetime.combine(when.date(), time(23, 59, 59))
    elif KEEPS.get(shape) == "this_year":
        now = datetime(when.year, 12, 31, 23, 59, 59)
    else:
        now = NOW
    assert validate.parse_moment(SHAPES[shape](when), now) == when


TYPED = st.text(alphabet=st.sampled_from("0123456789０１２３:：-－/ .T年月日号时点分秒半nowNOW现在\u3000\tx"),
                max_size=24)


@given(typed=TYPED | st.text(max_size=30))
def test_anything_typed_is_a_time_or_a_validation_error(typed):
    try:
        parsed = validate.moment("visited_at", typed, now=NOW, default_now=False)
    except ValidationError:
        return
    assert validate.EARLIEST <= parsed <= NOW + timedelta(minutes=5)
    assert parsed.microsecond == 0


@given(typed=TYPED)
def test_a_report_end_is_a_time_or_a_validation_error(typed):
    try:
        validate.parse_moment(typed, NOW, default_time=time(8))
    except ValidationError:
        pass
