"""The bank format's rules, stated once: its keys, the shape of its names, its limits.

The loader's checks (validate.py), the published JSON Schema (schema.py) and `quiz new`
(templates.py) all take them from here, so that an editor, `quiz check` and loading agree.
Each name pattern is written once, unanchored; `name_check` anchors it for the loader and
`json_pattern` for JSON Schema's unanchored `pattern`.
"""

from __future__ import annotations

import re

BANK_KEYS = ("bank", "title", "description", "tags", "snippets_dir", "questions")
QUESTION_KEYS = (
    "id", "type", "prompt", "answer", "explanation", "choices", "shuffle", "tolerance",
    "rel_tol", "match", "params", "variants", "snippet", "tags", "examples", "mistakes",
    "renamed_from", "starter", "cases", "random_cases", "wrong", "code",
)  # fmt: skip
CODE_KEYS = ("starter", "cases", "random_cases", "wrong")
"""What only a `code` question has: the student writes a function, checked on cases."""
PREDICT_KEYS = ("code",)
"""What only a `predict` question has: the code whose output the student predicts."""
EXECUTABLE_TYPES = ("code", "predict")
"""Questions whose answer is judged by running code: a student's, or the block shown."""
NOT_FOR_EXECUTABLE = ("answer", "choices", "match", "examples", "mistakes")
"""What a code or predict question never has: its key is what the code does when it runs."""
TOLERANCE_TYPES = ("numeric", *EXECUTABLE_TYPES)
"""The types that take `tolerance` and `rel_tol`: numbers, and values compared as numbers."""
MAX_CASES = 1000
"""More cases than this is a check gone wrong: judging an answer must take a moment."""
EXAMPLE_KINDS = ("right", "wrong")
"""`examples:` lists answers the judge must call right, and answers it must not."""

ID = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
"""A bank or question id: what review history keys on, so plain and stable."""
LANGUAGE = r"[a-z]{2,3}(-[A-Za-z0-9]+)?"
"""A language code of a text field: en, zh, pt-BR."""
SNIPPET_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
"""A snippet's file stem: no path, no dots, so that it cannot leave its folder."""
PARAM_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
"""A param name as editors are told; the loader takes any str.isidentifier() name."""
LETTERS = r"(?!.*(.).*\1)[A-Za-z]+"
"""A multi answer written as one string ("AC"): letters, none of them twice."""
MISTAKE_KEYS = ("name", "explain", "value", "function")
"""An entry of `mistakes:`: its name, why students make it, and a fixed or computed value."""
MISTAKE_FUNCTION = r"mistake_[A-Za-z0-9_]+"
"""A snippet function that computes a mistake's value: the worker calls no other name but
answer (it holds its own copy of this pattern, as it imports nothing from quiz)."""

SNIPPET_KEY_TYPES = ("numeric", "shape", "choice", "text")
"""The types whose key a snippet may compute (`answer: snippet`)."""
CHOICE_TYPES = ("choice", "multi")
"""The types with `choices`, lettered A, B, … in YAML order, and shown `shuffle`d."""
MAX_VARIANTS = 100_000
"""More variants than this is a grid gone wrong: no one reviews, or proves, that many."""
MAX_CHECKABLE_VARIANTS = 10_000


def name_check(pattern: str) -> re.Pattern[str]:
    """The pattern as the loader uses it: `.match` must cover the whole name."""
    return re.compile(pattern + r"\Z")


def json_pattern(pattern: str) -> str:
    """The pattern as JSON Schema writes it, anchored at both ends."""
    return f"^{pattern}$"
