"""Where things live: the user's data folder and the built-in banks and snippets."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def quiz_home() -> Path:
    """`QUIZ_HOME`, else the platform's user data folder (e.g. ~/.local/share/quiz)."""
    configured = os.environ.get("QUIZ_HOME")
    if configured:
        return Path(configured).expanduser()
    # platformdirs costs an import; only pay it when QUIZ_HOME does not answer the question.
    import platformdirs

    return Path(platformdirs.user_data_dir("quiz", appauthor=False))


def database_path() -> Path:
    return quiz_home() / "quiz.db"


def backups_dir() -> Path:
    """Where the daily backups of the database are kept (study/backups.py)."""
    return quiz_home() / "backups"


def builtin_root() -> Path:
    """The folder holding the built-in `questions/` and `snippets/`.

    A wheel carries them inside the package (quiz/builtin); a checkout or an editable
    install finds them at the repository root.
    """
    packaged = _PACKAGE / "builtin"
    if (packaged / "questions").is_dir():
        return packaged
    return _PACKAGE.parent


def builtin_questions_dir() -> Path:
    return builtin_root() / "questions"
