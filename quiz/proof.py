"""Proving keys: which snippet runs for which question and variant, and what its value means.

Three callers share this: `quiz check --run` (every question of a bank), `quiz run question`
(one), and the review (background keys for parametric cards, and the `r` proof). Running is
snippets.Worker's; judging a value against a key is answers'.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz import answers, params
from quiz.bank import Catalog
from quiz.errors import QuizError
from quiz.model import Question
from quiz.snippets import (
    Outcome,
    SnippetError,
    Worker,
    choose_device,
    content_hash,
    require_trust,
    resolve,
)
from quiz.snippets import snippet_args as args_for

if TYPE_CHECKING:
    from concurrent.futures import Future


@dataclass(frozen=True)
class Job:
    """One snippet run that proves one question (one variant of a parametric one)."""

    question: Question
    path: Path
    args: dict[str, Any]
    variant_index: int | None = None
    variant: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        return "" if self.variant_index is None else f"#{self.variant_index}"


@dataclass(frozen=True)
class Proof:
    job: Job
    outcome: Outcome
    passed: bool
    key: Any
    message: str


def jobs_for(
    catalog: Catalog, question: Question, *, variants: list[int] | None = None
) -> list[Job]:
    """The runs that prove `question`: its fixed args, or each chosen variant."""
    if question.snippet is None:
        return []
    bank = catalog.bank(question.bank)
    assert bank is not None
    path = resolve(bank, question.snippet.name)
    if not question.parametric:
        return [Job(question, path, args_for(question, None))]
    indices = variants if variants is not None else range(params.variant_count(question))
    jobs = []
    for index in indices:
        variant = params.variant_at(question, index)
        jobs.append(Job(question, path, args_for(question, variant), index, variant))
    return jobs


def judge(job: Job, outcome: Outcome, lang: str | None = None) -> Proof:
    """✓ or ✗ for one run: the YAML key against the computed value (or, for `answer:
    snippet`, a value fit to be the key and a prompt that fills with the variant)."""
    question = job.question
    if not outcome.ok:
        return Proof(job, outcome, False, None, outcome.error or "failed")
    if outcome.demonstration:
        if question.key_from_snippet:
            return Proof(job, outcome, False, None, "has no answer() to compute the key")
        return Proof(job, outcome, True, question.answer, "its asserts hold (exit 0)")
    if question.key_from_snippet:
        try:
            key = answers.key_from_value(question, outcome.value)
            for template in question.prompt.values():
                params.fill(template, job.variant)
        except (ValueError, params.VariantError) as exc:
            return Proof(job, outcome, False, None, str(exc))
        shown = answers.format_key(question, key, lang)
        return Proof(job, outcome, True, key, f"the snippet computes {shown} for this variant")
    if question.type == "open":
        return Proof(job, outcome, True, question.answer, "ran (open questions have no key)")
    if answers.key_matches(question, question.answer, outcome.value):
        return Proof(job, outcome, True, question.answer, "matches the key")
    shown = answers.format_key(question, question.answer, lang)
    return Proof(job, outcome, False, question.answer, f"computed {outcome.value!r}, key {shown}")


class KeyService:
    """Keys of parametric cards, computed in the background while the student reads.

    The worker starts with the session, so torch's import overlaps the first card. Keys are
    cached in SQLite by (snippet content hash, args): a card seen before never waits.
    """

    def __init__(self, catalog: Catalog, store: Any, device: str, clock: Any) -> None:
        self.catalog = catalog
        self.store = store
        self.requested_device = device
        self.clock = clock
        self.worker = Worker()
        self._futures: dict[tuple[str, str], Future] = {}
        self._hashes: dict[Path, str] = {}

    def close(self) -> None:
        self.worker.close()

    def prefetch_all(self, cards: list[tuple[Question, dict[str, Any] | None]]) -> None:
        """Start the worker if any of these cards needs a snippet's key, and queue them."""
        for question, variant in cards:
            self.prefetch(question, variant)
        if self.worker.process is not None:
            self.worker.warm_up()  # after the keys: the student is reading, the worker idle

    def _job(self, question: Question, variant: dict[str, Any] | None) -> tuple[Job, str]:
        bank = self.catalog.bank(question.bank)
        assert bank is not None and question.snippet is not None
        path = resolve(bank, question.snippet.name)
        if path not in self._hashes:
            self._hashes[path] = content_hash(path)
        if not bank.builtin and not self.store.is_trusted(self._hashes[path]):
            require_trust(self.store, bank, path)
        job = Job(question, path, args_for(question, variant), None, variant)
        return job, self._hashes[path]

    def ready(self, question: Question, variant: dict[str, Any] | None) -> bool:
        """Whether the key is known without waiting for a snippet."""
        if not question.key_from_snippet:
            return True
        try:
            job, digest = self._job(question, variant)
        except QuizError:
            return True  # it will fail at once, without waiting either
        return self.store.cached_key(digest, job.args) is not None

    def prefetch(self, question: Question, variant: dict[str, Any] | None) -> None:
        """Start computing a key now, so it is ready when its card comes up."""
        if not question.key_from_snippet:
            return
        try:
            job, digest = self._job(question, variant)
        except QuizError:
            return
        if self.store.cached_key(digest, job.args) is not None:
            return
        marker = (digest, repr(sorted(job.args.items())))
        if marker not in self._futures:
            # Keys do not depend on the device: the CPU computes them without touching a GPU.
            self._futures[marker] = self.worker.submit(job.path, job.args, device="cpu")

    def key(self, question: Question, variant: dict[str, Any] | None) -> Any:
        """The key the student's answer is judged against; QuizError if none can be had."""
        if not question.key_from_snippet:
            return question.answer
        job, digest = self._job(question, variant)
        cached = self.store.cached_key(digest, job.args)
        if cached is not None:
            return answers.key_from_value(question, cached)
        self.prefetch(question, variant)
        outcome = self._futures[(digest, repr(sorted(job.args.items())))].result()
        proof = judge(job, outcome)
        if not proof.passed:
            raise SnippetError(f"snippet {job.path.name} {proof.message}")
        self.store.cache_key(digest, job.args, outcome.value, now=self.clock())
        return proof.key

    def snippet_path(self, question: Question) -> Path:
        bank = self.catalog.bank(question.bank)
        assert bank is not None and question.snippet is not None
        path = resolve(bank, question.snippet.name)
        require_trust(self.store, bank, path)
        return path

    def prove(self, question: Question, variant: dict[str, Any] | None, on_output) -> Proof:
        """Run the card's snippet for the variant shown, streaming what it prints."""
        bank = self.catalog.bank(question.bank)
        assert bank is not None and question.snippet is not None
        path = resolve(bank, question.snippet.name)
        require_trust(self.store, bank, path)
        job = Job(question, path, args_for(question, variant), None, variant)
        info = self.worker.wait_ready()
        device = choose_device(self.requested_device, cuda=info["cuda"], mps=info["mps"])
        outcome = self.worker.submit(path, job.args, device=device, on_output=on_output).result()
        return judge(job, outcome)
