"""The student's settings: a small TOML file that `quiz config` reads and writes.

Nothing needs configuring; a setting only replaces a default. Where one value can come from
several places, the first that has it wins: the command-line option, then the environment
variable, then this file, then the default.

    lang = "zh"            # language of prompts and answers (else the locale's)
    new = 10               # new cards a day in `quiz review`
    rollover_hour = 3      # when a new study day starts
    device = "cuda"        # where snippets run: auto, cpu, cuda or mps
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quiz.errors import QuizError


def _language_code(name: str, value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z]{2,3}", value.lower()):
        return value.lower()
    raise QuizError(f"{name} must be a language code such as en or zh, not {value!r}")


def _device(name: str, value: Any) -> str:
    if value in ("auto", "cpu", "cuda", "mps"):
        return value
    raise QuizError(f"{name} must be auto, cpu, cuda or mps, not {value!r}")


def _whole_number(low: int, high: int) -> Callable[[str, Any], int]:
    def check(name: str, value: Any) -> int:
        number = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value)
        if number is None or not low <= number <= high:
            raise QuizError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
        return number

    return check


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    meaning: str
    check: Callable[[str, Any], Any]
    env: str | None = None

    def parse(self, value: Any) -> Any:
        """The value checked (and, from the command line, converted); QuizError if unfit."""
        return self.check(self.name, value)


SETTINGS = {
    s.name: s
    for s in (
        Setting(
            "lang", None, "language of prompts and answers (en, zh, …)", _language_code, "QUIZ_LANG"
        ),
        Setting("new", 20, "new cards a day in quiz review", _whole_number(0, 1000)),
        Setting(
            "rollover_hour",
            4,
            "hour of the night a new study day starts",
            _whole_number(0, 23),
            "QUIZ_ROLLOVER_HOUR",
        ),
        Setting("device", "auto", "where snippets run: auto, cpu, cuda or mps", _device),
    )
}


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
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise QuizError(f"{path}: cannot read the settings ({exc.strerror or exc})") from None
    return dict(_read(path, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=4)
def _read(path: Path, _mtime: int, _size: int) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuizError(f"{path}: cannot read the settings ({exc})") from None
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuizError(f"{path}: not valid TOML ({exc})") from None
    values = {}
    for name, value in raw.items():
        setting = SETTINGS.get(name)
        if setting is None:
            known = ", ".join(SETTINGS)
            raise QuizError(f"{path}: unknown setting {name!r} (known: {known})")
        try:
            values[name] = setting.parse(value)
        except QuizError as exc:
            raise QuizError(f"{path}: {exc}") from None
    return values


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
    """Write the settings file (only the settings given), atomically."""
    path = config_path()
    lines = ["# quiz settings: `quiz config` lists them, `quiz config NAME VALUE` sets one."]
    for name in SETTINGS:
        if name in values:
            lines.append(f"{name} = {json.dumps(values[name], ensure_ascii=False)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        raise QuizError(f"{path}: cannot write the settings ({exc.strerror or exc})") from None
    return path
