"""The student's settings: a small TOML file that `quiz config` reads and writes.

Nothing needs configuring; a setting only replaces a default. Where one value can come from
several places, the first that has it wins: the command-line option, then the environment
variable, then this file, then the default.

    lang = "zh"            # language of prompts and answers (else the locale's)
    new = 10               # new cards a day in `quiz review`, per bank
    new_total = 30         # new cards a day in all banks together (unset: no cap)
    rollover_hour = 3      # when a new study day starts
    device = "cuda"        # where snippets run: auto, cpu, cuda or mps
    grades = 4             # grade keys in `quiz review`: 6 (0-5) or 4 (again/hard/good/easy)
    scheduler = "fsrs"     # sm2 (the default) or fsrs: which one sets the due days
    desired_retention = 0.9  # FSRS: the chance of recall each review is timed for
    fuzz = true            # spread due days ±5% (intervals over 3 days; off by default)
    exam_date = 2027-01-15 # the exam every bank is studied for (unset: none)
    last_pass = 7          # days before the exam in which every learned card comes back
    banks = [              # the student's own banks, loaded by every command
      "/home/s/mine.yaml",
    ]
    [exam_dates]           # a bank's own exam, instead of exam_date
    conv = 2027-01-08

`banks` is no setting of its own: `quiz banks add PATH` and `quiz banks remove ID` change
it, and the file keeps it beside the settings. Nor is `exam_dates`: `quiz config exam_date
DAY --bank ID` sets a bank's own. Settings are named with underscores; `quiz config` takes
hyphens too (`quiz config exam-date 2027-01-15`).
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from quiz.errors import QuizError


def shown(value: Any) -> str:
    """A value as an error message quotes it: its repr, about 40 characters at most."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an int of 5,000 digits, a table 50,000 deep
        text = "a value too large to show"
    return text if len(text) <= 40 else text[:39] + "…"


def read_whole_number(text: str, low: int, high: int) -> int | None:
    """`text` (ASCII digits, spaces around) as a number from `low` to `high`; None if it is
    not one. isdigit() is no test: '²' passes it and int() refuses it; and 5,000 digits are
    refused by their length before int() reads them (it raises past 4,300)."""
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits.lstrip("0")) > len(str(high)):
        return None
    number = int(digits)
    return number if low <= number <= high else None


def _language_code(name: str, value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z]{2,3}", value.lower()):
        return value.lower()
    raise QuizError(f"{name} must be a language code such as en or zh, not {shown(value)}")


def _device(name: str, value: Any) -> str:
    if isinstance(value, str) and value in ("auto", "cpu", "cuda", "mps"):
        return value
    raise QuizError(f"{name} must be auto, cpu, cuda or mps, not {shown(value)}")


def _grade_keys(name: str, value: Any) -> int:
    if type(value) in (int, str) and str(value).strip() in ("4", "6"):
        return int(value)
    raise QuizError(
        f"{name} must be 6 (grades 0-5) or 4 (again, hard, good, easy), not {shown(value)}"
    )


def _scheduler(name: str, value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in ("sm2", "fsrs"):
        return value.strip().lower()
    raise QuizError(f"{name} must be sm2 or fsrs, not {shown(value)}")


def _retention(name: str, value: Any) -> float:
    number = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*(0?\.[0-9]{1,4}|[0-9]{1,2}%)\s*", value):
        text = value.strip()
        number = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    # FSRS's intervals stretch without bound towards 0 and shrink to nothing towards 1.
    if number is None or not 0.7 <= number <= 0.99:
        raise QuizError(
            f"{name} must be a chance from 0.70 to 0.99 (or 70% to 99%), not {shown(value)}"
        )
    return round(number, 4)


def _switch(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("on", "off", "true", "false"):
        return value.strip().lower() in ("on", "true")
    raise QuizError(f"{name} must be on or off, not {shown(value)}")


def calendar_day(name: str, value: Any) -> date:
    """A day written YYYY-MM-DD (or a TOML date), as a date; QuizError naming `name` (a
    setting, or an option such as --until) for anything else."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:  # 2027-02-30
            pass
    raise QuizError(
        f"{name} must be a day written YYYY-MM-DD, such as 2027-01-15, not {shown(value)}"
    )


def _whole_number(low: int, high: int) -> Callable[[str, Any], int]:
    def check(name: str, value: Any) -> int:
        number = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value if low <= value <= high else None
        elif isinstance(value, str):
            number = read_whole_number(value, low, high)
        if number is None:
            raise QuizError(
                f"{name} must be a whole number from {low} to {high}, not {shown(value)}"
            )
        return number

    return check


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    meaning: str
    check: Callable[[str, Any], Any]
    env: str | None = None
    unset: str = ""
    """What having no value means, for a setting whose default is None."""

    def parse(self, value: Any) -> Any:
        """The value checked (and, from the command line, converted); QuizError if unfit."""
        return self.check(self.name, value)


SETTINGS = {
    s.name: s
    for s in (
        Setting(
            "lang",
            None,
            "language of prompts and answers (en, zh, …)",
            _language_code,
            "QUIZ_LANG",
            unset="the locale's language",
        ),
        Setting("new", 20, "new cards a day in quiz review, per bank", _whole_number(0, 1000)),
        Setting(
            "new_total",
            None,
            "new cards a day in all banks together (unset: no cap)",
            _whole_number(0, 100_000),
            unset="no cap",
        ),
        Setting(
            "rollover_hour",
            4,
            "hour of the night a new study day starts",
            _whole_number(0, 23),
            "QUIZ_ROLLOVER_HOUR",
        ),
        Setting("device", "auto", "where snippets run: auto, cpu, cuda or mps", _device),
        Setting(
            "grades",
            6,
            "grade keys in quiz review: 6 (SM-2's 0-5) or 4 (again, hard, good, easy)",
            _grade_keys,
        ),
        Setting(
            "scheduler",
            "sm2",
            "which scheduler sets the due days: sm2 or fsrs (the log keeps both)",
            _scheduler,
        ),
        Setting(
            "desired_retention",
            0.9,
            "FSRS: the chance of recall each review is timed for, 0.70 to 0.99",
            _retention,
        ),
        Setting(
            "fuzz",
            False,
            "spread due days ±5% (intervals over 3 days), so cards learned together part",
            _switch,
        ),
        Setting(
            "exam_date",
            None,
            "the exam's day, YYYY-MM-DD: no interval jumps past it (per bank: --bank ID)",
            calendar_day,
            unset="no exam",
        ),
        Setting(
            "last_pass",
            7,
            "days before the exam in which every learned card comes back once more",
            _whole_number(1, 365),
        ),
    )
}


BANKS = "banks"
"""The key of the registered banks in the settings file: absolute paths, in the order added."""
EXAM_DATES = "exam_dates"
"""The key of the banks' own exam dates in the settings file: a table of bank id -> day."""

MAX_FILE_BYTES = 16 * 1024
"""The settings fit in a hundred bytes and a hundred registered banks in a few thousand; a
larger file is not one, and tomllib takes time that grows with the square of a key's length
(a key of 50,000 dotted parts: a minute)."""


def config_path() -> Path:
    """`$QUIZ_HOME/config.toml`, else the platform's config folder (~/.config/quiz/)."""
    home = os.environ.get("QUIZ_HOME")
    if home:
        return Path(home).expanduser() / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir("quiz", appauthor=False)) / "config.toml"


def load() -> dict[str, Any]:
    """The settings the file holds; {} without a file. QuizError for a file that is not TOML,
    or holds an unknown setting or an unfit value, naming the file."""
    path = config_path()
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError):  # no file there, nor the folder it'd be in
        return {}
    except OSError as exc:
        raise QuizError(f"{path}: cannot read the settings ({exc.strerror or exc})") from None
    if stat.st_size > MAX_FILE_BYTES:
        raise QuizError(
            f"{path}: {stat.st_size:,} bytes is too large for a settings file"
            f" (at most {MAX_FILE_BYTES:,})"
        )
    return dict(_read(path, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=4)
def _read(path: Path, _mtime: int, _size: int) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuizError(f"{path}: cannot read the settings ({exc})") from None
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuizError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise QuizError(f"{path}: not valid TOML (nested too deep)") from None
    except ValueError:  # a whole number past the 4,300 digits int() reads
        raise QuizError(f"{path}: not valid TOML (a number too long to read)") from None
    values = {}
    for name, value in raw.items():
        setting = SETTINGS.get(name)
        if setting is None and name not in (BANKS, EXAM_DATES):
            known = ", ".join([*SETTINGS, BANKS, EXAM_DATES])
            raise QuizError(f"{path}: unknown setting {shown(name)} (known: {known})")
        try:
            if setting is not None:
                values[name] = setting.parse(value)
            else:
                values[name] = _bank_paths(value) if name == BANKS else _exam_dates(value)
        except QuizError as exc:
            raise QuizError(f"{path}: {exc}") from None
    return values


def _bank_paths(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise QuizError(f"{BANKS} must be a list of bank paths, not {shown(value)}")
    for text in value:
        if not Path(text).is_absolute():
            raise QuizError(f"{BANKS} must hold absolute paths, not {shown(text)}")
    return list(dict.fromkeys(value))


def _exam_dates(value: Any) -> dict[str, date]:
    if not isinstance(value, dict):
        raise QuizError(f"{EXAM_DATES} must be a table of bank ids and days, not {shown(value)}")
    return {bank: calendar_day(f"{EXAM_DATES}.{bank}", day) for bank, day in value.items()}


def get(name: str) -> Any:
    """One setting: its environment variable, else the file, else the default."""
    return lookup(name)[0]


def lookup(name: str, stored: dict[str, Any] | None = None) -> tuple[Any, str]:
    """A setting's value and where it comes from: its environment variable, the settings
    file (`stored`, if already loaded) or the default."""
    setting = SETTINGS[name]
    if setting.env and os.environ.get(setting.env):
        return os.environ[setting.env], setting.env
    stored = load() if stored is None else stored
    if name in stored:
        return stored[name], "settings file"
    return setting.default, "default"


def save(values: dict[str, Any]) -> Path:
    """Write the settings file (only the settings given, and the registered banks),
    atomically."""
    path = config_path()
    lines = ["# quiz settings: `quiz config` lists them, `quiz config NAME VALUE` sets one."]
    for name in SETTINGS:
        if name in values:
            lines.append(f"{name} = {_toml_value(values[name])}")
    if values.get(BANKS):
        lines.append("# `quiz banks add PATH` and `quiz banks remove ID` change this list.")
        lines.append(f"{BANKS} = [")
        lines += [f"  {_toml_string(p)}," for p in values[BANKS]]
        lines.append("]")
    if values.get(EXAM_DATES):
        lines.append("# Each bank's own exam day: `quiz config exam_date DAY --bank ID` sets one.")
        lines.append(f"[{EXAM_DATES}]")
        lines += [f"{_toml_string(b)} = {d.isoformat()}" for b, d in values[EXAM_DATES].items()]
    text = "\n".join(lines) + "\n"
    if len(text.encode("utf-8", "surrogateescape")) > MAX_FILE_BYTES:
        raise QuizError(
            f"{path}: the settings would take more than {MAX_FILE_BYTES:,} bytes"
            " (too many registered banks: register a folder that holds them)"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        raise QuizError(f"{path}: cannot write the settings ({exc.strerror or exc})") from None
    return path


def _toml_value(value: Any) -> str:
    # A day is written as TOML's own local date, which tomllib reads back as a date.
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def _toml_string(text: str) -> str:
    # JSON's strings are TOML's basic strings (the same quotes and escapes), but for DEL,
    # which TOML wants escaped and JSON leaves as it is.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def setting(name: str) -> Setting:
    """The setting called `name` (hyphens read as underscores: exam-date is exam_date);
    QuizError naming the nearest one for a typo."""
    name = name.replace("-", "_")
    found = SETTINGS.get(name)
    if name == BANKS:
        raise QuizError(
            "the registered banks change through `quiz banks add PATH` and `quiz banks remove ID`"
        )
    if found is None:
        import difflib

        near = difflib.get_close_matches(name, list(SETTINGS), n=1)
        hint = f"; did you mean {near[0]!r}?" if near else f" (known: {', '.join(SETTINGS)})"
        raise QuizError(f"unknown setting {name!r}{hint}")
    return found


def change(name: str, value: str) -> tuple[Any, Path]:
    """Set one setting in the file from its command-line text: its new value, and the file."""
    known = setting(name)
    stored = load()
    stored[known.name] = known.parse(value)
    return stored[known.name], save(stored)


def reset(name: str) -> Any:
    """Take one setting out of the file: its default applies again, which is returned."""
    known = setting(name)
    stored = load()
    stored.pop(known.name, None)
    save(stored)
    return known.default


def bank_exam_dates() -> dict[str, date]:
    """Each bank's own exam day (`quiz config exam_date DAY --bank ID`), by bank id."""
    return dict(load().get(EXAM_DATES, {}))


def change_bank_exam_date(bank: str, value: str | None) -> tuple[date | None, Path]:
    """Set a bank's own exam day from its command-line text (None: take it out, and the
    bank follows exam_date again); the day, and the settings file."""
    stored = load()
    days = dict(stored.get(EXAM_DATES, {}))
    day = None if value is None else calendar_day("exam_date", value)
    if day is None:
        days.pop(bank, None)
    else:
        days[bank] = day
    stored[EXAM_DATES] = days
    if not days:
        del stored[EXAM_DATES]
    return day, save(stored)


def listing() -> list[tuple[Setting, Any, str]]:
    """Every setting with its value and where that comes from."""
    stored = load()
    return [(known, *lookup(known.name, stored)) for known in SETTINGS.values()]


def registered_banks() -> list[Path]:
    """The banks the student registered (`quiz banks add`), as absolute paths."""
    return [Path(p) for p in load().get(BANKS, [])]


def register_bank(path: Path) -> Path:
    """Add an absolute bank path to the registered banks; the settings file is returned."""
    text = str(path)
    if not _is_text(text):
        raise QuizError(f"{path}: a registered bank's path must be UTF-8 text")
    stored = load()
    stored[BANKS] = [*stored.get(BANKS, []), text]
    return save(stored)


def unregister_bank(path: Path) -> Path:
    """Take a path off the registered banks; the settings file is returned."""
    stored = load()
    stored[BANKS] = [p for p in stored.get(BANKS, []) if p != str(path)]
    if not stored[BANKS]:
        del stored[BANKS]
    return save(stored)


def _is_text(text: str) -> bool:
    # A path of bytes that are not UTF-8 comes as lone surrogates, which no TOML file holds.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
