"""Trust: a snippet of a bank that is not built in runs only if the user trusted its bytes.

Trust is recorded by the SHA-256 of a snippet's bytes (the store keeps it, sealed); this
module decides, from a Snippet read once, whether those very bytes may run.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from quiz.bank.catalog import YAML_SUFFIXES, load_path
from quiz.bank.files import Snippet, bank_snippets, inline_code
from quiz.errors import QuizError, UntrustedSnippet
from quiz.model import Bank, Phrase


def is_trusted(store: Any, bank: Bank, snippet: Snippet) -> bool:
    return bank.builtin or store.is_trusted(snippet.digest)


def untrusted_error(bank: Bank, snippet: Snippet) -> UntrustedSnippet:
    return UntrustedSnippet(
        Phrase(
            "snippet {name} of bank {bank} is not trusted (new or edited since); read it, then"
            " run `quiz trust {path}` to allow it",
            name=snippet.name,
            bank=bank.id,
            path=str(bank.path),
        )
    )


def bank_to_trust(target: str) -> Path:
    """The bank file or folder `quiz trust` is named, refused before anything is walked when
    it is no bank: `quiz trust /` must not walk (and trust) a whole disk."""
    bank_path = Path(target).expanduser()
    if bank_path.is_dir():
        where = bank_path.resolve()
        if where in (Path(where.anchor), Path.home().resolve()):
            raise QuizError(f"{target}: a whole disk or home folder; name the bank file or folder")
        if not any(p.suffix in YAML_SUFFIXES and p.is_file() for p in where.iterdir()):
            raise QuizError(f"{target}: not a bank folder (no .yaml or .yml files in it)")
    elif bank_path.exists() and bank_path.suffix not in YAML_SUFFIXES:
        raise QuizError(f"{target}: not a bank file (banks are .yaml or .yml files)")
    return bank_path


def set_trust(store: Any, target: str, *, trusted: bool, now: datetime) -> list[Path]:
    """Trust (or stop trusting) the snippets of the bank at `target`, as their bytes are
    now; the snippet files it names, each once."""
    banks = load_path(bank_to_trust(target))
    files = [path for bank in banks for path in bank_snippets(bank)]
    pieces = [(Snippet.read(path), str(path)) for path in files]
    # The code a bank writes inline runs too (a predict block, a wrong solution to check).
    for bank in banks:
        for question in bank.questions:
            pieces += [(code, f"{code.path}: {code.label}") for code in inline_code(question)]
    for snippet, shown in pieces:
        if trusted:
            store.trust(snippet.digest, shown, now=now)
        else:
            store.revoke(snippet.digest, shown)
    return files
