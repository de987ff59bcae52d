"""Reading YAML safely, with the line of every mapping and key, and no duplicate keys.

Only the safe loader is used: `!!python/...` tags are refused by it. Imported by bank.py
when a bank file has to be parsed, so a review served from the bank cache never pays for
PyYAML's import.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _SafeBase
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeBase  # type: ignore[assignment]

MarkedYAMLError = yaml.MarkedYAMLError
YAMLError = yaml.YAMLError


class Located(dict):
    """A YAML mapping that remembers where it and each of its keys start (1-based lines)."""

    line: int = 0
    key_lines: dict[Any, int]


class _LineLoader(_SafeBase):  # type: ignore[misc,valid-type]
    """The safe loader, plus line numbers and a refusal of duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            seen = key in mapping
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if seen:
            # PyYAML would silently keep the last value; a typo'd copy must not pass.
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
# PyYAML follows YAML 1.1, where `1e-3` (no dot, or no exponent sign) stays a string; read it
# as YAML 1.2 and the editors that check banks against `quiz schema` do: a number.
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+\Z"),
    list("-+0123456789"),
)


def parse(text: str) -> Any:
    """The document in `text`; raises yaml.YAMLError (MarkedYAMLError with a position)."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
