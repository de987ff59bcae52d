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
ReaderError = yaml.reader.ReaderError
YAMLError = yaml.YAMLError


MAX_EXPANDED_NODES = 2_000_000
"""More values than this, once aliases are expanded, is an alias bomb, not a bank."""

MAX_NESTING = 100
"""Deeper than this is no bank; building it would recurse past Python's stack."""


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

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # An explicit tag the value cannot take (`!!int bank`, `!!seq` on a word) makes
        # PyYAML's constructors raise plain Python errors; they are mistakes in the file,
        # reported where the value is.
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, IndexError, KeyError):
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f"this value cannot be read as {tag}", node.start_mark
            ) from None


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


def _construct_pairs(loader: _LineLoader, node: yaml.Node) -> LocatedList:
    """`!!omap` and `!!pairs`: PyYAML's list of (key, value) tuples, with its positions."""
    built = loader.construct_yaml_omap(node)
    items = next(built)
    for _ in built:  # fills `items`; refuses anything but a list of one-key mappings
        pass
    pairs = LocatedList(items)
    pairs.line, pairs.column = _mark(node)
    pairs.item_marks = [_mark(child) for child in node.value]
    return pairs


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
# Without positions a problem inside one of these would be reported at line 0.
_LineLoader.add_constructor("tag:yaml.org,2002:omap", _construct_pairs)
_LineLoader.add_constructor("tag:yaml.org,2002:pairs", _construct_pairs)
# PyYAML follows YAML 1.1, where `1e-3` (no dot, or no exponent sign) stays a string; read it
# as YAML 1.2 and the editors that check banks against `quiz schema` do: a number.
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+\Z"),
    list("-+0123456789"),
)


class AliasBomb(ValueError):
    """A document whose aliases expand it beyond any real bank's size."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _measure(root: yaml.Node) -> tuple[int, dict[int, int]]:
    """How many values the document holds once every alias is expanded, and how many
    levels each node nests (memoised, so a billion-laughs document is measured in
    microseconds, not built).

    A node is summed only once all its children are: the walk can meet an alias before the
    node that defines it, and summing a half-measured node let a reordered bomb through.
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            children = _children(node)
            # A child still unmeasured here is an ancestor: a recursive node, which the
            # constructor refuses anyway, so it counts for nothing.
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for child in children)
            depths[id(node)] = 1 + max((depths.get(id(c), 0) for c in children), default=0)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
    return sizes[id(root)], depths


def _deepest(root: yaml.Node, depths: dict[int, int], levels: int) -> yaml.Node:
    """The node `levels` levels down the document's deepest branch."""
    node = root
    for _ in range(levels):
        node = max(_children(node), key=lambda child: depths.get(id(child), 0))
    return node


def parse(text: str) -> tuple[Any, list[tuple[tuple[int, int], str]]]:
    """The document in `text` and the duplicate keys found in it.

    Raises yaml.YAMLError (a MarkedYAMLError has the position; a ReaderError, for a character
    YAML does not allow, has the character) and AliasBomb.
    """
    loader = _LineLoader(text)
    loader.problems = []
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        size, depths = _measure(node)
        if size > MAX_EXPANDED_NODES:
            raise AliasBomb(
                f"aliases expand this document to {size:,} values (limit"
                f" {MAX_EXPANDED_NODES:,}): an alias bomb, not a bank"
            )
        if depths[id(node)] > MAX_NESTING:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"nested more than {MAX_NESTING} levels deep: not a bank",
                _deepest(node, depths, MAX_NESTING).start_mark,
            )
        return loader.construct_document(node), loader.problems
    finally:
        loader.dispose()
