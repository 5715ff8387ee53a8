"""Settings and file locations.

Settings live in a TOML file in the user config folder (``FRONTDESK_CONFIG``
overrides its path); every key has a default, so the app starts without one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from pathlib import Path

import platformdirs

from frontdesk.i18n import LANGUAGES

APP_NAME = "frontdesk"

DEFAULT_CATEGORIES = (
    "城建国土", "劳动社保", "企业改制", "涉法涉诉", "农村农业", "教育文体",
    "卫生计生", "民政事务", "交通运输", "环境保护", "治安消防", "纪检监察", "其他",
)
DEFAULT_UNITS = (
    "区住房和建设局", "区人力资源局", "区教育局", "区卫生健康局", "区民政局",
    "区城管局", "区生态环境局", "区公安分局", "区司法局", "区纪委监委",
    "园岭街道办", "南园街道办", "福田街道办", "沙头街道办", "香蜜湖街道办",
    "梅林街道办", "莲花街道办", "华富街道办", "福保街道办", "华强北街道办",
)


class SettingsError(Exception):
    """The settings file has a value that cannot be used; ``key`` names it."""

    def __init__(self, path: Path, key: str, reason: str) -> None:
        self.path, self.key, self.reason = path, key, reason
        super().__init__(f"{path}: {key}: {reason}")


@dataclass(frozen=True)
class Settings:
    """The office's settings; each has a sane default."""

    office_name: str = "福田区委区政府办公室"
    inquiry_phone: str = "0755-82918000"
    duty_phone: str = ""
    """The duty room's phone, printed on the 24-hour report."""
    report_cutoff: str = "08:00"
    idle_lock_minutes: int = 10
    urgent_reminder_minutes: int = 10
    urgent_bell: bool = True
    """The terminal's bell when an urgent entry is first overdue, and at each reminder."""
    language: str = "zh"
    theme: str = "dark"
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    units: tuple[str, ...] = DEFAULT_UNITS
    exports_dir: str = ""
    print_command: str = ""
    discipline_units: tuple[str, ...] = ("区纪委监委",)
    """Where accusation matters go (纪检监察机关), and only there."""
    political_legal_units: tuple[str, ...] = ("区委政法委", "区人民法院", "区人民检察院", "区公安分局", "区司法局")
    """Where 涉法涉诉 matters go (政法机关), and only there."""
    holidays: tuple[str, ...] = ()
    """Days off ("YYYY-MM-DD") of a year the holiday calendar does not know yet."""
    workdays: tuple[str, ...] = ()
    """Make-up working days (调休, "YYYY-MM-DD") of such a year."""
    escalation_group_size: int = 50
    """A group visit (集体访) of at least this many heads is reported to leaders."""

    @property
    def exports_path(self) -> Path:
        """Where exports go: the setting, else a folder in the user documents."""
        if self.exports_dir:
            return Path(self.exports_dir).expanduser()
        return Path(platformdirs.user_documents_dir()) / APP_NAME


def default_db_path() -> Path:
    """The database file when neither ``--db`` nor ``FRONTDESK_DB`` names one."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "frontdesk.db"


def crash_log_path() -> Path:
    """Where unexpected errors are written down (``FRONTDESK_CRASH_LOG`` overrides it):
    beside the default database, in the user data folder."""
    if os.environ.get("FRONTDESK_CRASH_LOG"):
        return Path(os.environ["FRONTDESK_CRASH_LOG"]).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "crash.log"


def resolve_db_path(option: str | None) -> Path:
    if option:
        return Path(option).expanduser()
    if os.environ.get("FRONTDESK_DB"):
        return Path(os.environ["FRONTDESK_DB"]).expanduser()
    return default_db_path()


def config_path() -> Path:
    if os.environ.get("FRONTDESK_CONFIG"):
        return Path(os.environ["FRONTDESK_CONFIG"]).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_DAY = re.compile(r"^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def _check(path: Path, values: dict) -> dict:
    known = {f.name: f for f in fields(Settings)}
    clean: dict = {}
    for key, value in values.items():
        if key not in known:
            raise SettingsError(path, key, "unknown setting")
        default = getattr(Settings(), key)
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise SettingsError(path, key, "must be true or false")
            clean[key] = value
        elif isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise SettingsError(path, key, "must be a list of texts")
            clean[key] = tuple(v.strip() for v in value)
        elif key == "escalation_group_size":
            if not isinstance(value, int) or isinstance(value, bool) or not 5 <= value <= 100_000:
                raise SettingsError(path, key, "must be a whole number of people, 5 to 100000")
            clean[key] = value
        elif isinstance(default, int):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1440:
                raise SettingsError(path, key, "must be a whole number of minutes, 0 to 1440")
            clean[key] = value
        else:
            if not isinstance(value, str):
                raise SettingsError(path, key, "must be a text")
            clean[key] = value.strip()
    for key in ("holidays", "workdays"):
        for value in clean.get(key, ()):
            if not _DAY.match(value):
                raise SettingsError(path, key, "must be a list of dates such as 2027-10-01")
    if "report_cutoff" in clean and not _TIME.match(clean["report_cutoff"]):
        raise SettingsError(path, "report_cutoff", "must be a time such as 08:00")
    if "language" in clean and clean["language"] not in LANGUAGES:
        raise SettingsError(path, "language", "must be " + " or ".join(LANGUAGES))
    if "theme" in clean and clean["theme"] not in ("dark", "light"):
        raise SettingsError(path, "theme", "must be dark or light")
    return clean


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the TOML file, or the defaults when there is none."""
    path = path or config_path()
    if not path.exists():
        return Settings()
    import tomllib  # only when there is a file to read

    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(path, "-", str(error)) from error
    return Settings(**_check(path, values))


def configure_store(store, settings: Settings) -> None:
    """Give the store the settings its rules read: the organs matters may go to,
    the holidays of years the calendar does not know, the size of a group visit
    reported to leaders."""
    from datetime import date

    from frontdesk.store.matters.calendar import Calendar
    from frontdesk.store.matters.rules import Settings as MatterSettings

    calendar = Calendar(holidays=frozenset(date.fromisoformat(d) for d in settings.holidays),
                        workdays=frozenset(date.fromisoformat(d) for d in settings.workdays))
    store.matters.settings = MatterSettings(discipline_units=settings.discipline_units,
                                            political_legal_units=settings.political_legal_units,
                                            calendar=calendar)
    store.escalations.group_size = settings.escalation_group_size
