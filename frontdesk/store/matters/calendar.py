"""Days of the matters' clocks: calendar days, and working days (工作日) as the
State Council's holiday calendar sets them, with its make-up working days (调休).

The ``chinese-calendar`` package knows the years the State Council has
published; for a year it does not cover the week runs Monday to Friday, plus
the holidays and working days added in the settings, and ``covers`` says so
(the home screen of admins warns).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar


@dataclass(frozen=True)
class Calendar:
    """The working days: the package's calendar, with the settings' own days."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    """Days off added in the settings (a year the package does not cover yet)."""
    workdays: frozenset[date] = field(default_factory=frozenset)
    """Make-up working days added in the settings."""

    def covers(self, year: int) -> bool:
        """Whether the package knows ``year``'s holidays."""
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            return False
        return True

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return day.weekday() < 5

    def add_workdays(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (the day it starts is not counted)."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day


def add_days(start: date, count: int) -> date:
    """``count`` calendar days after ``start`` (the day it starts is not counted)."""
    return start + timedelta(days=count)
