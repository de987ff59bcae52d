"""Trust: a snippet of a bank that is not built in runs only if the user trusted its bytes.

Trust is recorded by the SHA-256 of a snippet's bytes (the store keeps it, sealed); this
module decides, from a Snippet read once, whether those very bytes may run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quiz.bank.files import Snippet
from quiz.errors import UntrustedSnippet
from quiz.model import Bank


def content_hash(path: Path) -> str:
    """The SHA-256 of a snippet file's bytes, as trust records it."""
    return Snippet.read(path).digest


def is_trusted(store: Any, bank: Bank, snippet: Snippet) -> bool:
    return bank.builtin or store.is_trusted(snippet.digest)


def untrusted_error(bank: Bank, snippet: Snippet) -> UntrustedSnippet:
    return UntrustedSnippet(
        f"snippet {snippet.path.name} of bank {bank.id} is not trusted (new or edited since);"
        f" read it, then run `quiz trust {bank.path}` to allow it"
    )


def require_trust(store: Any, bank: Bank, path: Path) -> Snippet:
    """The snippet's bytes, read once, if its bank is built in or the user trusted exactly
    these bytes; UntrustedSnippet otherwise."""
    snippet = Snippet.read(path)
    if not is_trusted(store, bank, snippet):
        raise untrusted_error(bank, snippet)
    return snippet
