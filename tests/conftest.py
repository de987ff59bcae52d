"""Every test gets its own QUIZ_HOME and a pinned environment: UTC, no extra banks."""

from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import settings

# The same examples on every run: a CI landing must not depend on the draw. Explore more with
# `pytest --hypothesis-profile explore` (fresh random draws on every run).
settings.register_profile("quiz", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("quiz")

ASSETS = Path(__file__).parent / "assets"
REPO = Path(__file__).resolve().parent.parent
QUIZ = [sys.executable, "-m", "quiz"]


@pytest.fixture(autouse=True)
def quiz_env(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("QUIZ_HOME", str(home))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("QUIZ_BANKS", "QUIZ_NOW", "QUIZ_LANG", "LC_ALL", "LC_MESSAGES", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    time.tzset()
    yield home
    time.tzset()


@pytest.fixture
def store():
    from quiz.store import Store

    db = Store(":memory:")
    yield db
    db.close()


@pytest.fixture
def mini_bank() -> Path:
    return ASSETS / "mini.yaml"


def quiz(*args: str, input: str | None = None, **env: str):
    """Run a quiz command in this process (typer's CliRunner), with extra environment."""
    from typer.testing import CliRunner

    from quiz.cli import app

    return CliRunner().invoke(app, list(args), input=input, env=env or None)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a `quiz` child process: this test's, plus `extra`."""
    env = dict(os.environ)
    env.update(extra)
    return env


def write_bank(folder: Path, questions: str, snippets: dict[str, str], name: str = "lab") -> Path:
    """A bank file `name`.yaml in `folder`, with its snippets in `folder`/snippets."""
    (folder / "snippets").mkdir(parents=True, exist_ok=True)
    for stem, code in snippets.items():
        (folder / "snippets" / f"{stem}.py").write_text(textwrap.dedent(code))
    bank = folder / f"{name}.yaml"
    bank.write_text(textwrap.dedent(questions))
    return bank


def six_numeric_questions(folder: Path) -> list:
    """Bank `s` of six numeric questions q0..q5 (key n), loaded: the sessions' test deck."""
    from quiz.bank.catalog import load_file

    lines = ["bank: s", "questions:"]
    for n in range(6):
        lines += [
            f"  - id: q{n}",
            "    type: numeric",
            f"    prompt: question {n}",
            f"    answer: {n}",
        ]
    path = folder / "s.yaml"
    path.write_text("\n".join(lines) + "\n")
    return list(load_file(path).questions)
