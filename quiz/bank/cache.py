"""Parsed banks kept between runs, so an unchanged YAML file is not parsed again.

One entry per bank file under `$QUIZ_HOME/cache/banks/`: a pickle of the Bank the file gave,
keyed by the file's resolved path, size, mtime and content checksum, and by quiz's version, so
any change to the file or to quiz parses it afresh. The cache is an optimisation only: an
entry that cannot be read or written is ignored, never an error.
"""

from __future__ import annotations

import os
import pickle
import zlib
from dataclasses import fields
from pathlib import Path

from quiz import __version__
from quiz.model import Bank, Code, Mistake, Outline, Question, SnippetRef
from quiz.paths import quiz_home

CACHE_FORMAT = 5
# The fields of what is pickled: a Question or Bank that gains or loses one is never read
# from an entry written before, even by a development checkout whose version did not move.
_SHAPE = tuple(
    f.name for cls in (Question, Bank, SnippetRef, Mistake, Outline, Code) for f in fields(cls)
)

Fingerprint = tuple[str, int, int, int, bool, str, int, tuple[str, ...]]
"""The resolved path, size, mtime, CRC-32, builtin flag, quiz version, CACHE_FORMAT, _SHAPE."""


def fingerprint(path: Path, raw: bytes, *, builtin: bool) -> Fingerprint:
    """What must not have changed for a cached bank to still be right."""
    stat = path.stat()
    # CRC-32 rather than SHA-256: together with size and mtime it tells an edit apart, and
    # zlib loads in a fraction of the time OpenSSL's hashlib takes on the first-card path.
    digest = zlib.crc32(raw)
    resolved = str(path.resolve())
    return (
        resolved,
        stat.st_size,
        stat.st_mtime_ns,
        digest,
        builtin,
        __version__,
        CACHE_FORMAT,
        _SHAPE,
    )


def _entry(key: Fingerprint) -> Path:
    name = f"{zlib.crc32(key[0].encode()):08x}-{int(key[4])}"
    return quiz_home() / "cache" / "banks" / f"{name}.pickle"


def get(key: Fingerprint) -> Bank | None:
    try:
        with open(_entry(key), "rb") as entry:
            stored_key, bank = pickle.load(entry)  # noqa: S301 - the user's own cache file
    except Exception:  # noqa: BLE001 - missing, truncated or from another version: re-parse
        return None
    return bank if stored_key == key and isinstance(bank, Bank) else None


def put(key: Fingerprint, bank: Bank) -> None:
    target = _entry(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as entry:
            pickle.dump((key, bank), entry, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, target)  # readers see the old entry or the new, never half
    except OSError:
        pass
