"""`quiz run snippet NAME --arg name=value`: the values read, and checked against answer().

A value reads as a YAML scalar does (a number, true, false, null, a string; quotes make a
string) or a flat list of them. Not YAML itself: its anchors, aliases and tags let a short
argument stand for a structure without end. The names and kinds are checked against the
parameters of the snippet's `answer()`, read from its source without running it, so a typo
or a value of the wrong kind is one line here rather than a TypeError inside torch.
"""

from __future__ import annotations

import ast
import math
import re
from typing import Any

from quiz.config import shown
from quiz.errors import QuizError

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_NOT_A_SCALAR = tuple("[]{}&*!|>")


def parse(pairs: list[str]) -> dict[str, Any]:
    """`name=value` pairs as the arguments of answer(); QuizError for what cannot be read."""
    args: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier():
            raise QuizError(f"--arg {shown(pair)} must look like name=value")
        try:
            _require_text(value)
            stripped = value.strip()
            if stripped[:1] == "[" and stripped[-1:] == "]":
                inner = stripped[1:-1].strip()
                items = inner.split(",") if inner else []
                args[key] = [scalar(item.strip()) for item in items]
            else:
                args[key] = scalar(stripped)
        except ValueError as exc:
            raise QuizError(f"--arg {key}={shown(value)}: {exc}") from None
    return args


def scalar(text: str) -> Any:
    """One value or list item; ValueError for what it cannot be."""
    if text[:1] in ("'", '"'):
        if len(text) < 2 or text[-1] != text[0]:
            raise ValueError("a quoted string must end with its quote (and hold no comma)")
        return text[1:-1]
    if text[:1] in _NOT_A_SCALAR:
        raise ValueError(
            "give a number, true, false, a string or a flat list such as [1, 2, 3];"
            " nested lists, mappings and YAML anchors, aliases or tags are not taken"
        )
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if text.lower() == "null":
        return None
    if _INTEGER.fullmatch(text):
        # A snippet's whole numbers are 64-bit; past 4,300 digits int() would raise.
        if len(text.lstrip("+-0")) > 19 or not -(2**63) <= int(text) < 2**63:
            raise ValueError("a whole number out of the 64-bit range")
        return int(text)
    if _DECIMAL.fullmatch(text):
        number = float(text)
        if not math.isfinite(number):
            raise ValueError("a number too large to be finite")
        return number
    return text


def check(source: bytes, name: str, args: dict[str, Any]) -> None:
    """QuizError unless every argument names a parameter of the snippet's answer() and has
    the kind of that parameter's default (a whole number where the default is one, a number
    where it is a float, …). A parameter with no default, or a default of another kind,
    takes any value. The device is `--device`'s, never an argument's."""
    if "device" in args:
        raise QuizError("--arg device=… is not taken: choose the device with --device")
    defaults = _parameters(source)
    if defaults is None:
        return  # no answer() to read (a demonstration, or code the worker will refuse)
    known = [p for p in defaults if p != "device"]
    for key, value in args.items():
        if key not in defaults:
            listed = ", ".join(known) if known else "none besides device"
            raise QuizError(
                f"--arg {key}: {name}'s answer() has no parameter {key!r}"
                f" (its parameters: {listed})"
            )
        wanted = _kind_of(defaults[key])
        if wanted is not None and not _fits(value, wanted):
            raise QuizError(
                f"--arg {key}={shown(value)}: {key} takes {wanted}"
                f" (its default is {shown(defaults[key])})"
            )


_MISSING = object()


def _parameters(source: bytes) -> dict[str, Any] | None:
    """answer()'s parameters and their defaults (literal ones; _MISSING for the rest)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "answer":
            spec = node.args
            if spec.vararg is not None or spec.kwarg is not None:
                return None  # *args or **kwargs: any name may be right
            positional = [*spec.posonlyargs, *spec.args]
            padded = [None] * (len(positional) - len(spec.defaults)) + list(spec.defaults)
            keywords = zip(spec.kwonlyargs, spec.kw_defaults, strict=True)
            pairs = [*zip(positional, padded, strict=True), *keywords]
            return {arg.arg: _literal(default) for arg, default in pairs}
    return None


def _literal(node: ast.expr | None) -> Any:
    if node is None:
        return _MISSING
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return _MISSING


def _kind_of(default: Any) -> str | None:
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, int):
        return "a whole number"
    if isinstance(default, float):
        return "a number"
    if isinstance(default, str):
        return "a string"
    if isinstance(default, (list, tuple)):
        return "a list such as [1, 2, 3]"
    return None


def _fits(value: Any, wanted: str) -> bool:
    if wanted == "true or false":
        return isinstance(value, bool)
    if wanted == "a whole number":
        return isinstance(value, int) and not isinstance(value, bool)
    if wanted == "a number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if wanted == "a string":
        return isinstance(value, str)
    return isinstance(value, list)


def _require_text(value: str) -> None:
    """The shell passes any bytes; those that are not UTF-8 arrive as lone surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not UTF-8 text") from None
