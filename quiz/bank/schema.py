"""The bank format as JSON Schema (draft 2020-12), for editors that check YAML as it is typed.

Owns the published description of a bank file: which keys exist, what each one holds and
the per-type rules on `answer`, `choices`, `shuffle`, `tolerance`, `match` and the keys of
code and predict questions, with a short description per key for hover help. The loader
(catalog.py, its rules in validate.py and format.py) stays the authority and also checks
what JSON Schema cannot say: a letter beyond the last choice, prompt placeholders that
match the params, ids unique across banks, regexes that compile, code that parses. Serving
the schema (`quiz schema`) is the CLI's job.
"""

from __future__ import annotations

from typing import Any

from quiz.bank import format
from quiz.model import QUESTION_TYPES

SCHEMA_ID = "https://quiz.invalid/bank.schema.json"

# `patternErrorMessage` (not JSON Schema: VS Code's and yaml-language-server's) replaces
# the raw regex in the editor's message.
ID_PATTERN = format.json_pattern(format.ID)
LANGUAGE_PATTERN = format.json_pattern(format.LANGUAGE)
SNIPPET_NAME_PATTERN = format.json_pattern(format.SNIPPET_NAME)
PARAM_NAME_PATTERN = format.json_pattern(format.PARAM_NAME)
LETTERS_PATTERN = format.json_pattern(format.LETTERS)
MISTAKE_FUNCTION_PATTERN = format.json_pattern(format.MISTAKE_FUNCTION)
# The types whose answers are compared with a tolerance: numbers, and what code returns or prints.


def bank_schema() -> dict[str, Any]:
    """The JSON Schema of one bank file, as a plain dict ready for json.dumps."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "quiz question bank",
        "description": (
            "A YAML bank of exam questions for `quiz`. Unknown keys are errors;"
            " `quiz check PATH --run` also proves the answer keys by running their snippets."
        ),
        "type": "object",
        "properties": {
            "bank": _with_description(
                "#/$defs/id", "Bank id; defaults to the file name without its extension."
            ),
            "title": _with_description("#/$defs/text", "Bank title shown in `quiz banks`."),
            "description": _with_description("#/$defs/text", "What the bank covers."),
            "tags": _with_description(
                "#/$defs/tags", "Tags added to every question of the bank (`--tag` filters)."
            ),
            "snippets_dir": {
                "description": (
                    "Folder of this bank's snippets, relative to the bank file"
                    " (default: snippets/ beside the file, else in the folder above)."
                ),
                "type": "string",
                "pattern": r"\S",
            },
            "questions": {
                "description": "The questions of the bank.",
                "type": "array",
                "items": {"$ref": "#/$defs/question"},
            },
        },
        "required": ["questions"],
        "additionalProperties": False,
        "$defs": _definitions(),
    }


def _with_description(ref: str, description: str) -> dict[str, str]:
    return {"$ref": ref, "description": description}


def _definitions() -> dict[str, Any]:
    text_string = {
        "description": "Plain text, shown in every language.",
        "type": ["string", "number"],
        "pattern": r"\S",
    }
    return {
        "text": {
            "description": "A string, or a map of language code to string (en: ..., zh: ...).",
            "anyOf": [{"$ref": "#/$defs/textString"}, {"$ref": "#/$defs/languageMap"}],
        },
        "textString": text_string,
        "id": {
            "description": "Letters, digits, '-', '_' or '.', starting with a letter or digit.",
            "type": "string",
            "pattern": ID_PATTERN,
            "patternErrorMessage": "An id is made of letters, digits, '-', '_' or '.'.",
        },
        "language": {
            "description": "A language code such as en, zh or zh-Hant.",
            "type": "string",
            "pattern": LANGUAGE_PATTERN,
            "patternErrorMessage": "A language code such as en, zh or zh-Hant.",
        },
        "languageMap": {
            "description": "The text in each language; the UI picks --lang, then English.",
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"$ref": "#/$defs/language"},
            "properties": {
                "en": {**text_string, "description": "English."},
                "zh": {**text_string, "description": "Chinese."},
            },
            "additionalProperties": text_string,
        },
        "tags": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
        },
        "fromSnippet": {
            "description": "The key is computed by running the question's snippet.",
            "const": "snippet",
        },
        "letter": {
            "description": "A choice letter: A is the first choice in YAML order.",
            "type": "string",
            "pattern": "^[A-Za-z]$",
            "patternErrorMessage": "A choice letter such as A.",
        },
        "snippetName": {
            "description": "File stem of a snippet in the bank's snippets folder (no paths).",
            "type": "string",
            "pattern": SNIPPET_NAME_PATTERN,
            "patternErrorMessage": "A snippet file stem such as conv_output_size (no paths).",
        },
        "snippet": {
            "description": (
                "Snippet that proves the key: a name, or {name, args} with fixed arguments"
                " passed to its answer() function. A code question's snippet holds the"
                " reference answer() (and random_case, prepare); a predict question's is the"
                " code shown, run as a script."
            ),
            "anyOf": [
                {"$ref": "#/$defs/snippetName"},
                {
                    "type": "object",
                    "properties": {
                        "name": {"$ref": "#/$defs/snippetName"},
                        "args": {
                            "description": "Keyword arguments for the snippet's answer().",
                            "type": "object",
                        },
                    },
                    "required": ["name"],
                    "additionalProperties": False,
                },
            ],
        },
        "params": {
            "description": (
                "Parametric question: each name maps to its values; a review draws one"
                " combination and fills the {name} placeholders of the prompt."
            ),
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": PARAM_NAME_PATTERN},
            "additionalProperties": {"type": "array", "minItems": 1},
        },
        "variants": {
            "description": (
                "Parametric question: an explicit list of param combinations, one per variant."
            ),
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "minProperties": 1},
        },
        "textAnswers": {
            "description": "An accepted answer, or a list of them.",
            "anyOf": [
                {"$ref": "#/$defs/textString"},
                {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/textString"}},
            ],
        },
        "pythonCode": {
            "description": "Python source, which must parse (the loader checks it does).",
            "type": "string",
            "pattern": r"\S",
        },
        "mistake": {
            "description": (
                "A wrong answer students often give: when a typed answer equals its value"
                " (compared as with the key), the review names it and shows `explain`."
            ),
            "type": "object",
            "properties": {
                "name": _with_description(
                    "#/$defs/id",
                    "The mistake's name, unique in the question: the review log and"
                    " `quiz stats` count it.",
                ),
                "explain": _with_description(
                    "#/$defs/text",
                    "Why students give this answer, said to them when they do"
                    ' ("you rounded up: ...").',
                ),
                "value": {
                    "description": (
                        "The wrong answer, written as a key of the question's type (a number,"
                        " a list of ints, a letter, letters, a string or strings). Must not"
                        " be judged right."
                    ),
                },
                "function": {
                    "description": (
                        "Instead of `value`: a function of the question's snippet, named"
                        " mistake_..., called with the same arguments as answer() for the"
                        " variant shown; it returns the wrong answer, or null where this"
                        " mistake gives the right one."
                    ),
                    "type": "string",
                    "pattern": MISTAKE_FUNCTION_PATTERN,
                    "patternErrorMessage": "A snippet function named mistake_... .",
                },
            },
            "required": ["name", "explain"],
            "oneOf": [{"required": ["value"]}, {"required": ["function"]}],
            "additionalProperties": False,
        },
        "question": _question_schema(),
    }


def _question_schema() -> dict[str, Any]:
    return {
        "description": "One question; its id keys the review history.",
        "type": "object",
        "properties": {
            "id": _with_description(
                "#/$defs/id",
                "Unique across all loaded banks; changing it starts a new card (see renamed_from).",
            ),
            "type": {
                "description": (
                    "numeric | shape | choice | multi | text | open | code | predict (open:"
                    " self-graded; code: the student writes a function; predict: the student"
                    " says what code prints)."
                ),
                "enum": list(QUESTION_TYPES),
            },
            "prompt": _with_description(
                "#/$defs/text", "The question; {name} placeholders take param values."
            ),
            "answer": {
                "description": (
                    "The key: a number (numeric), a list of ints (shape), a letter (choice),"
                    " letters (multi), accepted strings (text), a model answer (open);"
                    " or `snippet` to compute it. Code and predict questions have none: their"
                    " key is what code does when it runs."
                ),
            },
            "explanation": _with_description(
                "#/$defs/text", "Shown after the answer: the worked solution."
            ),
            "choices": {
                "description": "The options of a choice or multi question, lettered A, B, ...",
                "type": "array",
                "minItems": 2,
                "uniqueItems": True,
                "items": {"$ref": "#/$defs/text"},
            },
            "shuffle": {
                "description": (
                    "Choice and multi only: show the choices in a new order each review"
                    " (default true); false keeps the YAML order, for choices such as"
                    " 'all of the above'. The answer's letters always follow the YAML order."
                ),
                "type": "boolean",
            },
            "tolerance": {
                "description": (
                    "Numeric, code and predict only: accepted absolute difference from the key"
                    " (code: the atol of torch.testing.assert_close; predict: for a printed"
                    " number, instead of the precision it was printed with)."
                ),
                "type": "number",
                "minimum": 0,
            },
            "rel_tol": {
                "description": (
                    "Numeric, code and predict only: accepted relative difference from the key"
                    " (code: the rtol of torch.testing.assert_close)."
                ),
                "type": "number",
                "minimum": 0,
            },
            "match": {
                "description": (
                    "Text only: `exact` (after case, space and Unicode normalization, the"
                    " default) or `regex` (each answer is a full-match pattern)."
                ),
                "enum": ["exact", "regex"],
            },
            "params": {"$ref": "#/$defs/params"},
            "variants": {"$ref": "#/$defs/variants"},
            "snippet": {"$ref": "#/$defs/snippet"},
            "tags": _with_description("#/$defs/tags", "Tags of this question."),
            "examples": {
                "description": (
                    "Answers a student might type, which `quiz check` judges: every `right`"
                    " one must be judged right, no `wrong` one right or probably right."
                    " Choice letters in YAML order. Not for open or parametric questions, nor"
                    " for keys computed by a snippet."
                ),
                "type": "object",
                "properties": {
                    kind: {"type": "array", "items": {"type": "string"}}
                    for kind in format.EXAMPLE_KINDS
                },
                "additionalProperties": False,
            },
            "mistakes": {
                "description": (
                    "The usual wrong answers, each with a name, an explanation and a fixed"
                    " or computed value: the review names the one a student gives, and"
                    " `quiz check --run` proves each differs from the key. Not for open"
                    " questions."
                ),
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/mistake"},
            },
            "renamed_from": {
                "description": "Earlier ids of this question, whose review history it keeps.",
                "type": "array",
                "items": {"$ref": "#/$defs/id"},
            },
            "starter": {
                "description": (
                    "Code only: what the student's editor starts with, the function's def"
                    " line and docstring; its first def names the function the cases call."
                ),
                "allOf": [{"$ref": "#/$defs/pythonCode"}],
            },
            "cases": {
                "description": (
                    "Code only: inputs the student's function and the snippet's answer() are"
                    " both called with, each a mapping of argument names to plain values"
                    " (the snippet's prepare(case, device=...) may turn them into tensors)."
                ),
                "type": "array",
                "minItems": 1,
                "maxItems": format.MAX_CASES,
                "items": {
                    "type": "object",
                    "propertyNames": {"pattern": PARAM_NAME_PATTERN},
                },
            },
            "random_cases": {
                "description": (
                    "Code only: how many more cases the snippet's random_case(rng) draws,"
                    " the same ones on every run (rng is seeded from the question id)."
                ),
                "type": "integer",
                "minimum": 0,
                "maximum": format.MAX_CASES,
            },
            "wrong": {
                "description": (
                    "Code only: wrong solutions, each defining the function; `quiz check"
                    " --run` proves that each fails at least one case. Trusted by hash with"
                    " the bank's snippets."
                ),
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/pythonCode"},
            },
            "code": {
                "description": (
                    "Predict only: the code the student reads, run as a script on their"
                    " device (a global `device` names it); the key is what it prints, or"
                    " `error: ClassName` if it raises. {name} takes a param's value. Instead,"
                    " `snippet` shows a whole snippet file. Trusted by hash with the bank's"
                    " snippets."
                ),
                "allOf": [{"$ref": "#/$defs/pythonCode"}],
            },
        },
        "required": ["id", "type", "prompt"],
        "additionalProperties": False,
        # Flags the second key itself, where `not: {required: [...]}` would flag the question.
        "dependentSchemas": {"params": {"properties": {"variants": False}}},
        "allOf": [
            _when_type(
                ("numeric",),
                {"answer": {"anyOf": [{"type": "number"}, {"$ref": "#/$defs/fromSnippet"}]}},
            ),
            _when_type(
                format.TOLERANCE_TYPES, {}, otherwise={"tolerance": False, "rel_tol": False}
            ),
            _when_type(
                ("shape",),
                {
                    "answer": {
                        "anyOf": [
                            {"type": "array", "items": {"type": "integer", "minimum": 0}},
                            {"$ref": "#/$defs/fromSnippet"},
                        ]
                    }
                },
            ),
            _when_type(
                ("choice",),
                {
                    "answer": {
                        "anyOf": [{"$ref": "#/$defs/letter"}, {"$ref": "#/$defs/fromSnippet"}]
                    }
                },
            ),
            _when_type(
                ("multi",),
                {
                    "answer": {
                        "anyOf": [
                            {
                                "type": "array",
                                "minItems": 1,
                                "uniqueItems": True,
                                "items": {"$ref": "#/$defs/letter"},
                            },
                            {
                                "type": "string",
                                "pattern": LETTERS_PATTERN,
                                "patternErrorMessage": "Choice letters such as AC, none twice.",
                            },
                        ]
                    }
                },
            ),
            _when_type(
                format.CHOICE_TYPES,
                {},
                required=("choices",),
                otherwise={"choices": False, "shuffle": False},
            ),
            _when_type(
                ("text",),
                {
                    "answer": {
                        "anyOf": [
                            {"$ref": "#/$defs/textAnswers"},
                            {
                                "type": "object",
                                "minProperties": 1,
                                "propertyNames": {"$ref": "#/$defs/language"},
                                "additionalProperties": {"$ref": "#/$defs/textAnswers"},
                            },
                        ]
                    }
                },
                otherwise={"match": False},
            ),
            _when_type(("open",), {"answer": {"$ref": "#/$defs/text"}, "mistakes": False}),
            _when_type(
                format.EXECUTABLE_TYPES,
                dict.fromkeys(format.NOT_FOR_EXECUTABLE, False),
                otherwise=dict.fromkeys((*format.CODE_KEYS, *format.PREDICT_KEYS), False),
                otherwise_required=("answer",),
            ),
            _code_rule(),
            _predict_rule(),
            {
                "if": {
                    "properties": {
                        "type": {"enum": list(format.SNIPPET_KEY_TYPES)},
                        "answer": {"const": "snippet"},
                    },
                    "required": ["type", "answer"],
                },
                "then": {"required": ["snippet"]},
            },
        ],
    }


def _code_rule() -> dict[str, Any]:
    """A code question: a starter, and a snippet whose answer() is the reference; checked on
    `cases`, on `random_cases` drawn cases, or both; no params (its inputs are its cases)."""
    rule = _when_type(
        ("code",),
        dict.fromkeys(("params", "variants", *format.PREDICT_KEYS), False),
        required=("starter", "snippet"),
    )
    rule["then"]["anyOf"] = [
        {"required": ["cases"]},
        {"required": ["random_cases"], "properties": {"random_cases": {"minimum": 1}}},
    ]
    return rule


def _predict_rule() -> dict[str, Any]:
    """A predict question: `code` or a `snippet` (a script: no args), not both; its params
    are written into the code as literals, so they are numbers."""
    number = {"type": "number"}
    rule = _when_type(
        ("predict",),
        {
            **dict.fromkeys(format.CODE_KEYS, False),
            "snippet": {"properties": {"args": {"maxProperties": 0}}},
            "params": {"additionalProperties": {"items": number}},
            "variants": {"items": {"additionalProperties": number}},
        },
    )
    rule["then"]["oneOf"] = [{"required": ["code"]}, {"required": ["snippet"]}]
    return rule


def _when_type(
    types: tuple[str, ...],
    properties: dict[str, Any],
    *,
    required: tuple[str, ...] = (),
    otherwise: dict[str, Any] | None = None,
    otherwise_required: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Rules on other keys that hold only for questions of `types`; `otherwise` (and
    `otherwise_required`) for the rest."""
    rule: dict[str, Any] = {
        "if": {"properties": {"type": {"enum": list(types)}}, "required": ["type"]},
        "then": {"properties": properties},
    }
    if required:
        rule["then"]["required"] = list(required)
    if otherwise is not None or otherwise_required:
        rule["else"] = {"properties": otherwise or {}}
    if otherwise_required:
        rule["else"]["required"] = list(otherwise_required)
    return rule
