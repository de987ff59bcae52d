"""Reading YAML safely, with the line of every mapping and key, and no duplicate keys.

Only the safe loader is used: `!!python/...` tags are refused by it. Imported by catalog.py
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

MAX_INT_DIGITS = 100
"""A whole number longer than this is no bank value: past 4,300 digits int() refuses to read
it (or str() to print it), and no key, param or argument needs a hundred digits."""


class Located(dict[Any, Any]):
    """A YAML mapping that remembers where it, its keys and its values start (1-based)."""

    line: int = 0
    column: int = 0
    key_marks: dict[Any, tuple[int, int]]
    value_marks: dict[Any, tuple[int, int]]


class LocatedList(list[Any]):
    """A YAML sequence that remembers where each item starts (1-based line, column)."""

    line: int = 0
    column: int = 0
    item_marks: list[tuple[int, int]]


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _LineLoader(_SafeBase):
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


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> int:
    # The length is checked before int() reads the digits; a hex number is short for its
    # size, so the value is checked too.
    value = None
    if len(node.value) <= MAX_INT_DIGITS + 3:  # room for a sign and a 0x prefix
        value = loader.construct_yaml_int(node)
    if value is None or abs(value) >= 10**MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a whole number of more than {MAX_INT_DIGITS} digits", node.start_mark
        )
    return value


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


_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
# Without positions a problem inside one of these would be reported at line 0.
_LineLoader.add_constructor("tag:yaml.org,2002:omap", _construct_pairs)
_LineLoader.add_constructor("tag:yaml.org,2002:pairs", _construct_pairs)
# PyYAML follows YAML 1.1, where `1e-3` (no dot, or no exponent sign) stays a string; read it
# as YAML 1.2 and the editors that check banks against `quiz schema` do: a number.
YAML12_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+\Z")
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:float", YAML12_FLOAT, list("-+0123456789"))


class AliasBomb(ValueError):
    """A document whose aliases expand it beyond any real bank's size."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        items: list[yaml.Node] = node.value  # PyYAML types a node's value as Any
        return items
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


Problems = list[tuple[tuple[int, int], str]]


def parse(text: str) -> tuple[Any, Problems]:
    """The document in `text` and the duplicate keys found in it.

    Raises yaml.YAMLError (a MarkedYAMLError has the position; a ReaderError, for a character
    YAML does not allow, has the character) and AliasBomb.

    Most banks are read straight from the parser's events, several times faster than PyYAML's
    composer and constructor; a document that needs anything beyond that plain path (a
    syntax error, a tag other than !!str, a merge key, a recursive alias, a bomb) is read
    again by the full loader, which decides what it means.
    """
    try:
        return parse_plain(text)
    except (NotPlain, yaml.YAMLError):
        return parse_nodes(text)


def parse_nodes(text: str) -> tuple[Any, Problems]:
    """`parse` by way of PyYAML's node graph: every tag, merge key and error it knows."""
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


# -- the plain path -------------------------------------------------------------------------


class NotPlain(Exception):
    """The document needs more than the plain path reads: the full loader takes it."""


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_RESOLVERS: dict[Any, list[tuple[str, re.Pattern[str]]]] = {
    first: resolvers + _LineLoader.yaml_implicit_resolvers.get(None, [])
    for first, resolvers in _LineLoader.yaml_implicit_resolvers.items()
}
_NO_RESOLVERS: list[tuple[str, re.Pattern[str]]] = _LineLoader.yaml_implicit_resolvers.get(None, [])


def _scalar(loader: _LineLoader, event: yaml.ScalarEvent) -> Any:
    """A scalar as PyYAML's safe loader reads it, for the tags the plain path knows."""
    value = event.value
    if event.tag is not None:
        if event.tag == _STR:
            return value
        raise NotPlain
    if not event.implicit[0]:  # quoted or a block scalar: always a string
        return value
    tag = _STR
    for candidate, pattern in _RESOLVERS.get(value[:1], _NO_RESOLVERS):
        if pattern.match(value):
            tag = candidate
            break
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return loader.bool_values[value.lower()]
    if tag == _INT and value.isdigit() and value[0] != "0" and len(value) <= MAX_INT_DIGITS:
        return int(value)
    construct = {_INT: _construct_int, _FLOAT: type(loader).construct_yaml_float}.get(tag)
    if construct is None:
        raise NotPlain  # timestamps, merge keys, `=`
    try:
        return construct(loader, yaml.ScalarNode(tag, value))
    except (ValueError, yaml.YAMLError):  # `0b_`, 200 digits: the full loader says why, where
        raise NotPlain from None


class _Open:
    """A mapping or sequence whose end event has not come yet."""

    __slots__ = ("anchor", "depth", "key", "key_mark", "size", "value")

    def __init__(self, value: Located | LocatedList, anchor: str | None) -> None:
        self.value = value
        self.anchor = anchor
        self.size = 1
        self.depth = 1
        self.key: Any = _NO_KEY
        self.key_mark = (0, 0)


_NO_KEY = object()


def parse_plain(text: str) -> tuple[Any, Problems]:
    """`parse` for documents of plain mappings, sequences, scalars and aliases; NotPlain
    (or the parser's own error) for anything else."""
    loader = _LineLoader(text)
    try:
        return _build(loader)
    finally:
        loader.dispose()


def _build(loader: _LineLoader) -> tuple[Any, Problems]:
    next_event = loader.get_event
    next_event()  # stream start
    event = next_event()
    if isinstance(event, yaml.StreamEndEvent):
        return None, []
    problems: Problems = []
    anchors: dict[str, tuple[Any, int, int, tuple[int, int]]] = {}
    open_anchors: set[str] = set()
    stack: list[_Open] = []
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    while True:
        event = next_event()
        if isinstance(event, scalar_event):
            mark = event.start_mark
            if mark is None:  # the parsers mark every event; the full loader copes otherwise
                raise NotPlain
            where = (mark.line + 1, mark.column + 1)
            value, size, depth = _scalar(loader, event), 1, 1
            anchor = event.anchor
        elif isinstance(event, alias_event):
            name = event.anchor
            if name is None or name not in anchors:  # undefined, or one still being built
                raise NotPlain
            value, size, depth, where = anchors[name]
            anchor = None
        elif isinstance(event, (map_start, seq_start)):
            is_map = isinstance(event, map_start)
            if event.tag is not None and event.tag != (
                "tag:yaml.org,2002:map" if is_map else "tag:yaml.org,2002:seq"
            ):
                raise NotPlain
            mark = event.start_mark
            if mark is None:
                raise NotPlain
            container: Located | LocatedList
            if is_map:
                container = Located()
                container.key_marks, container.value_marks = {}, {}
            else:
                container = LocatedList()
                container.item_marks = []
            container.line, container.column = mark.line + 1, mark.column + 1
            if event.anchor is not None:
                if event.anchor in anchors or event.anchor in open_anchors:
                    raise NotPlain
                open_anchors.add(event.anchor)
            stack.append(_Open(container, event.anchor))
            if len(stack) > MAX_NESTING:
                raise NotPlain
            continue
        else:  # the end of a mapping or sequence
            done = stack.pop()
            if done.key is not _NO_KEY:
                raise NotPlain
            value, size, depth, anchor = done.value, done.size, done.depth, done.anchor
            where = (value.line, value.column)
            if anchor is not None:
                open_anchors.discard(anchor)
        if anchor is not None:
            if anchor in anchors or anchor in open_anchors:
                raise NotPlain  # PyYAML refuses a second anchor of the same name
            anchors[anchor] = (value, size, depth, where)
        if not stack:
            break
        parent = stack[-1]
        parent.size += size
        if depth >= parent.depth:
            parent.depth = depth + 1
        mapping = parent.value
        if isinstance(mapping, Located):
            if parent.key is _NO_KEY:
                if isinstance(value, (Located, LocatedList)):
                    raise NotPlain
                parent.key, parent.key_mark = value, where
                continue
            key, parent.key = parent.key, _NO_KEY
            if key in mapping:
                if isinstance(value, (Located, LocatedList)):
                    # PyYAML never builds a repeated key's value, nor reports what is in it.
                    raise NotPlain
                first = mapping.key_marks[key][0]
                problems.append((parent.key_mark, f"duplicate key {key!r} (first at line {first})"))
                continue
            mapping[key] = value
            mapping.key_marks[key] = parent.key_mark
            mapping.value_marks[key] = where
        else:
            mapping.append(value)
            mapping.item_marks.append(where)
    if size > MAX_EXPANDED_NODES or depth > MAX_NESTING:
        raise NotPlain
    next_event()  # document end
    if not isinstance(next_event(), yaml.StreamEndEvent):
        raise NotPlain  # a second document
    return value, problems
