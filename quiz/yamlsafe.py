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


MAX_EXPANDED_NODES = 2_000_000
"""More values than this, once aliases are expanded, is an alias bomb, not a bank."""


class Located(dict):
    """A YAML mapping that remembers where it, its keys and its values start (1-based)."""

    line: int = 0
    column: int = 0
    key_marks: dict[Any, tuple[int, int]]
    value_marks: dict[Any, tuple[int, int]]

    @property
    def key_lines(self) -> dict[Any, int]:
        return {key: mark[0] for key, mark in self.key_marks.items()}


class LocatedList(list):
    """A YAML sequence that remembers where each item starts (1-based line, column)."""

    line: int = 0
    column: int = 0
    item_marks: list[tuple[int, int]]


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _LineLoader(_SafeBase):  # type: ignore[misc,valid-type]
    """The safe loader, plus positions; a duplicate key is recorded, not silently kept."""

    problems: list[tuple[tuple[int, int], str]]


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located()
    mapping.line, mapping.column = _mark(node)
    mapping.key_marks = {}
    mapping.value_marks = {}
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
            first = mapping.key_marks[key][0]
            loader.problems.append(
                (_mark(key_node), f"duplicate key {key!r} (first at line {first})")
            )
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_marks[key] = _mark(key_node)
        mapping.value_marks[key] = _mark(value_node)
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LocatedList:
    sequence = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line, sequence.column = _mark(node)
    sequence.item_marks = [_mark(child) for child in node.value]
    return sequence


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
# PyYAML follows YAML 1.1, where `1e-3` (no dot, or no exponent sign) stays a string; read it
# as YAML 1.2 and the editors that check banks against `quiz schema` do: a number.
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+\Z"),
    list("-+0123456789"),
)


class AliasBomb(ValueError):
    """A document whose aliases expand it beyond any real bank's size."""


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document holds once every alias is expanded (memoised, so a
    billion-laughs document is measured in microseconds, not built)."""
    sizes: dict[int, int] = {}
    order: list[yaml.Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in sizes:
            continue
        sizes[id(node)] = -1
        order.append(node)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(child for pair in node.value for child in pair)
    for node in reversed(order):
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = []
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
    return sizes[id(root)]


def parse(text: str) -> tuple[Any, list[tuple[tuple[int, int], str]]]:
    """The document in `text` and the duplicate keys found in it.

    Raises yaml.YAMLError (a MarkedYAMLError has the position) and AliasBomb.
    """
    loader = _LineLoader(text)
    loader.problems = []
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        size = _expanded_size(node)
        if size > MAX_EXPANDED_NODES:
            raise AliasBomb(
                f"aliases expand this document to {size:,} values (limit"
                f" {MAX_EXPANDED_NODES:,}): an alias bomb, not a bank"
            )
        return loader.construct_document(node), loader.problems
    finally:
        loader.dispose()
