"""The one way quiz runs a snippet: trust, exact bytes, device, run, judge, key cache.

Every command that runs code (`quiz run`, `quiz check --run`, `quiz device`, `quiz export
anki`) and the review and exam go through a Prover. It reads each snippet file once, checks
trust against the hash of those bytes, sends those same bytes to the worker, and caches a
computed key under that same hash: an edit to the file after the check changes nothing that
runs, and a poisoned value can never be filed under a trusted hash. The values of a
question's mistakes are computed the same way (the same bytes, limits and cache, under the
mistake function's name too), in the background after the card's key. The worker is started
only when something is to run, and closed with the Prover.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.bank.files import Snippet, inline_code, resolve, snippet_args
from quiz.errors import QuizError, SnippetError, UntrustedSnippet
from quiz.model import Bank, Outcome, Question
from quiz.schedule import answers, params
from quiz.snippets.client import DEFAULT_TIMEOUT, Worker, choose_device
from quiz.snippets.proof import Job, Proof, case_request, jobs_for, judge, judge_mistakes
from quiz.snippets.trust import is_trusted, untrusted_error

if TYPE_CHECKING:
    from concurrent.futures import Future

    from quiz.bank.catalog import Catalog

CODE_TIMEOUT = 10.0
"""Seconds a student's code may run on all its cases: a loop that never ends is stopped
well before the snippets' own limit."""
MISSING = object()
"""What the key cache gives for a value it does not hold (a mistake's may be None)."""


class Prover:
    """Proves questions and computes keys for one command or one session."""

    def __init__(
        self,
        catalog: Catalog | None,
        store: Any,
        *,
        device: str = "auto",
        clock: Callable[[], Any] | None = None,
        jobs: int = 1,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.catalog = catalog
        self.store = store
        self.requested_device = device
        self.clock = clock
        self.jobs = jobs
        self.timeout = timeout
        self._worker: Worker | None = None
        self._snippets: dict[Path, Snippet] = {}
        self._futures: dict[tuple[str, str, str], Future] = {}

    def __enter__(self) -> Prover:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()

    # -- what runs ---------------------------------------------------------------------------

    def snippet(self, question: Question) -> Snippet:
        """The question's snippet as trusted: its bytes read once for this Prover's life;
        UntrustedSnippet if the bank is not built in and these bytes were not trusted."""
        bank = self._bank(question)
        block = question.code.block if question.code is not None else None
        if block is not None:
            return self.inline(bank, inline_code(question)[0])
        if question.snippet is None:
            raise QuizError(f"{question.id} has no snippet to run")
        return self.trusted(bank, resolve(bank, question.snippet.name))

    def inline(self, bank: Bank, code: Snippet) -> Snippet:
        """Code a bank writes inline (a predict block, a wrong solution), if it may run:
        trusted, like a snippet file, by the hash of its bytes."""
        if not is_trusted(self.store, bank, code):
            raise untrusted_error(bank, code)
        return code

    def trusted(self, bank: Bank, path: Path) -> Snippet:
        """The file's bytes, read once, if they may run."""
        snippet = self._snippets.get(path)
        if snippet is None:
            snippet = self._snippets[path] = Snippet.read(path)
        if not is_trusted(self.store, bank, snippet):
            raise untrusted_error(bank, snippet)
        return snippet

    def jobs_for(self, question: Question, variants: Iterable[int] | None = None) -> list[Job]:
        """The runs that prove a question, its trust checked first (before any variant is
        drawn): its fixed args, or each chosen variant."""
        if question.snippet is None and (question.code is None or question.code.block is None):
            return []
        snippet = self.snippet(question)
        if question.type == "code":
            bank = self._bank(question)
            for piece in inline_code(question):
                self.inline(bank, piece)  # a wrong solution runs only if trusted too
        return jobs_for(question, snippet, variants=variants)

    # -- running -----------------------------------------------------------------------------

    @property
    def worker(self) -> Worker:
        if self._worker is None:
            self._worker = Worker(jobs=self.jobs)
        return self._worker

    def device_info(self) -> dict[str, Any]:
        """What the worker found: torch's version and the devices present."""
        return self.worker.wait_ready()

    def device(self) -> str:
        """The device snippets run on: the one asked for, as present here."""
        info = self.device_info()
        return choose_device(self.requested_device, cuda=info["cuda"], mps=info["mps"])

    def run(
        self,
        snippet: Snippet,
        args: dict[str, Any],
        *,
        on_output: Callable[[str], None] | None = None,
        device: str | None = None,
        function: str = "answer",
        extra: dict[str, Any] | None = None,
    ) -> Outcome:
        """Run these bytes once on the chosen device, streaming what they print."""
        chosen = device or self.device()
        return self.worker.run(
            snippet,
            args,
            device=chosen,
            timeout=self.timeout,
            on_output=on_output,
            function=function,
            extra=extra,
        )

    def prove(self, job: Job, on_output: Callable[[str], None] | None = None) -> Proof:
        """Run one job (streaming its output) and judge it against the key."""
        outcome = self.run(
            job.snippet, job.args, on_output=on_output, function=job.function, extra=job.extra()
        )
        return judge(job, outcome)

    def prove_all(
        self, work: list[Job], *, cached: bool = False, mistakes: bool = False
    ) -> list[Proof]:
        """Run every job, `jobs` at a time, and judge each. With `cached`, a key the snippet
        (these very bytes) already computed for the same args is taken without running.
        With `mistakes`, each question's mistakes are computed for the same args and checked
        to be wrong answers there (proof.judge_mistakes)."""
        proofs: dict[int, Proof] = {}
        to_run: list[tuple[int, Job]] = []
        for index, job in enumerate(work):
            value = None
            if cached and job.function in ("answer", "predict"):
                value = self.store.cached_key(job.snippet.digest, job.args, function=job.function)
            if value is not None:
                proofs[index] = judge(job, Outcome(ok=True, value=value))
            else:
                to_run.append((index, job))
        mistake_runs = [
            (index, mistake.name, replace(job, function=mistake.function))
            for index, job in enumerate(work)
            if mistakes
            for mistake in job.question.mistakes
            if mistake.function is not None
        ]
        outcomes: dict[int, dict[str, Outcome]] = {}
        if to_run or mistake_runs:
            # Loading TorchDynamo (what the first optimizer pulls in) takes a second or two:
            # pay it once in the worker when some snippet builds an optimizer.
            if any(b"optim" in job.snippet.source for _, job in to_run):
                self.worker.warm_up()
            device = self.device()
            futures = [(index, job, self._start(job, device)) for index, job in to_run]
            computed = [
                (index, name, job, self._start(job, device)) for index, name, job in mistake_runs
            ]
            for index, job, future in futures:
                proofs[index] = judge(job, future.result())
                if proofs[index].passed and job.question.key_from_snippet:
                    self._cache(job, proofs[index].outcome.value)
            for index, name, job, future in computed:
                outcome = future.result()
                outcomes.setdefault(index, {})[name] = outcome
                if outcome.ok and _fits(job.question, outcome.value):
                    self._cache(job, outcome.value)
        if mistakes:
            for index in proofs:
                proofs[index] = judge_mistakes(proofs[index], outcomes.get(index, {}))
        return [proofs[index] for index in range(len(work))]

    def _start(self, job: Job, device: str) -> Future:
        return self.worker.submit(
            job.snippet,
            job.args,
            device=device,
            timeout=self.timeout,
            function=job.function,
            extra=job.extra(),
        )

    # -- a student's code, run on a code question's cases ------------------------------------

    def run_cases(
        self, question: Question, source: str, *, timeout: float | None = None
    ) -> Outcome:
        """Run the student's function against the question's reference on its cases, under
        the limits every run has (a shorter time: CODE_TIMEOUT). The reference must be
        trusted; the student's code is the student's own, never trusted or cached."""
        if question.type != "code" or question.code is None:
            raise QuizError(f"{question.id} is not a code question")
        snippet = self.snippet(question)
        extra = case_request(question, source, question.code.function)
        return self.worker.run(
            snippet,
            {},
            device=self.device(),
            timeout=timeout or min(self.timeout, CODE_TIMEOUT),
            function="cases",
            extra=extra,
        )

    def prove_catalog(self, sample: int | None = None) -> list[Proof]:
        """Every question of the catalog that has a snippet, proved: each variant of a
        parametric one, or `sample` of them. Trust is checked for every snippet first, before
        a single variant is drawn; a snippet the lint pass already reported is passed over."""
        # Trust first, for every snippet, before a single variant is drawn or job built.
        runnable = []
        banks = self.catalog.banks if self.catalog is not None else []
        for question in (q for loaded in banks for q in loaded.questions):
            if question.snippet is None and (question.code is None or question.code.block is None):
                continue
            try:
                self.snippet(question)
            except UntrustedSnippet:
                raise
            except SnippetError:
                continue  # already a diagnostic of the lint pass
            runnable.append(question)
        work = []
        for question in runnable:
            indices = None
            if question.parametric and sample is not None:
                indices = params.sample_indices(question, sample)
            work += self.jobs_for(question, indices)
        return self.prove_all(work, mistakes=True)

    # -- keys of parametric cards, in the background while the student reads ------------------

    def prefetch_all(
        self, cards: list[tuple[Question, dict[str, Any] | None]], *, mistakes: bool = False
    ) -> None:
        """Start the worker if any of these cards needs a snippet's key, and queue them;
        with `mistakes`, the values of their mistakes after all the keys."""
        for question, variant in cards:
            self.prefetch(question, variant)
        for question, variant in cards if mistakes else []:
            self.prefetch_mistakes(question, variant)
        if self._worker is not None and self._futures:
            self._worker.warm_up()  # after the keys: the student is reading, the worker idle

    def ready(self, question: Question, variant: dict[str, Any] | None) -> bool:
        """Whether the key is known without waiting for a snippet."""
        if not question.key_from_snippet:
            return True
        try:
            job = self.key_job(question, variant)
        except QuizError:
            return True  # it will fail at once, without waiting either
        return (
            self.store.cached_key(job.snippet.digest, job.args, function=job.function) is not None
        )

    def prefetch(self, question: Question, variant: dict[str, Any] | None) -> None:
        """Start computing a key now, so it is ready when its card comes up."""
        if question.key_from_snippet:
            self._prefetch(question, variant, [_key_function(question)])

    def prefetch_mistakes(self, question: Question, variant: dict[str, Any] | None) -> None:
        """Start computing the values of the question's mistakes for this variant, so they
        are ready when the student answers (`mistakes`)."""
        functions = [m.function for m in question.mistakes if m.function is not None]
        if functions:
            self._prefetch(question, variant, functions)

    def _prefetch(
        self, question: Question, variant: dict[str, Any] | None, functions: list[str]
    ) -> None:
        try:
            job = self.key_job(question, variant)
        except QuizError:
            return
        for function in functions:
            self._submit(replace(job, function=function))

    def _submit(self, job: Job) -> Future | None:
        """The run computing this job's value, started if need be; None if it is cached."""
        cached = self.store.cached_key(
            job.snippet.digest, job.args, function=job.function, missing=MISSING
        )
        if cached is not MISSING:
            return None
        marker = _marker(job)
        if marker not in self._futures:
            # Keys do not depend on the device: the CPU computes them without touching a GPU.
            # A predict block's does: what it prints is what it does on the student's device.
            device = self.requested_device if job.function == "predict" else "cpu"
            self._futures[marker] = self.worker.submit(
                job.snippet, job.args, device=device, function=job.function
            )
        return self._futures[marker]

    def key(self, question: Question, variant: dict[str, Any] | None) -> Any:
        """The key the student's answer is judged against; QuizError if none can be had."""
        if not question.key_from_snippet:
            return question.answer
        job = self.key_job(question, variant)
        value = self.store.cached_key(job.snippet.digest, job.args, function=job.function)
        if value is not None:
            return answers.key_from_value(question, value)
        self.prefetch(question, variant)
        proof = judge(job, self._futures[_marker(job)].result())
        if not proof.passed:
            raise SnippetError(f"snippet {job.snippet.name} {proof.message}")
        self._cache(job, proof.outcome.value)
        return proof.key

    def mistakes(
        self, question: Question, variant: dict[str, Any] | None, *, wait: float | None = None
    ) -> dict[str, Any]:
        """The values of the question's mistakes for this variant, by name, as the judge
        takes them (answers.mistake_values): the fixed ones, and those their functions
        compute, waited for at most `wait` seconds in all (None: as long as they run). One
        whose function fails, is not done in time or may not run (its snippet is not
        trusted) is left out: the answer is then judged without it."""
        functions = [(m.name, m.function) for m in question.mistakes if m.function is not None]
        computed: dict[str, Any] = {}
        try:
            job = self.key_job(question, variant) if functions else None
        except QuizError:
            job = None
        if job is None:
            return answers.mistake_values(question)
        deadline = None if wait is None else time.monotonic() + wait
        for name, function in functions:
            value = self._mistake_value(replace(job, function=function), deadline)
            if value is MISSING:
                continue
            try:
                computed[name] = answers.mistake_value(question, value)
            except ValueError:
                continue
        return answers.mistake_values(question, computed)

    def _mistake_value(self, job: Job, deadline: float | None) -> Any:
        """What a mistake function computes for the job's args, from the cache or its run;
        MISSING if it failed or is not done by `deadline`."""
        from concurrent.futures import TimeoutError as NotYet

        future = self._submit(job)
        if future is None:
            return self.store.cached_key(
                job.snippet.digest, job.args, function=job.function, missing=MISSING
            )
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            outcome = future.result(timeout=left)
        except NotYet:
            return MISSING
        if not outcome.ok or outcome.demonstration or not _fits(job.question, outcome.value):
            return MISSING
        self._cache(job, outcome.value)
        return outcome.value

    def key_job(self, question: Question, variant: dict[str, Any] | None) -> Job:
        """The run of the question's trusted snippet for the variant the student saw."""
        snippet = self.snippet(question)
        if question.type == "predict":
            # Filed by the device asked for: a block's printout may differ on a GPU.
            args = {**snippet_args(question, variant), "device": self.requested_device}
            return Job(question, snippet, args, None, variant, "predict")
        return Job(question, snippet, snippet_args(question, variant), None, variant)

    def shown_code(self, question: Question, variant: dict[str, Any] | None) -> str:
        """What a predict card shows: its block (or snippet file) as trusted, with the
        variant's values written in, exactly as it runs; a code card: its starter."""
        if question.type == "code" and question.code is not None:
            return question.code.starter
        return params.fill_code(self.snippet(question).text, variant)

    def reference(self, question: Question) -> str:
        """A code question's model solution: its snippet's answer(), as trusted."""
        from quiz.schedule.code import function_source

        return function_source(self.snippet(question).text, "answer")

    def _cache(self, job: Job, value: Any) -> None:
        # Filed under the hash of the bytes that computed it, which are the bytes trusted.
        now = self.clock() if self.clock is not None else _now()
        self.store.cache_key(job.snippet.digest, job.args, value, now=now, function=job.function)

    def _bank(self, question: Question) -> Bank:
        bank = self.catalog.bank(question.bank) if self.catalog is not None else None
        if bank is None:
            raise QuizError(f"{question.id}: its bank {question.bank} is not loaded")
        return bank


def _key_function(question: Question) -> str:
    """The run that computes a question's key: answer(), or a predict block's run."""
    return "predict" if question.type == "predict" else "answer"


def _marker(job: Job) -> tuple[str, str, str]:
    return job.snippet.digest, repr(sorted(job.args.items())), job.function


def _fits(question: Question, value: Any) -> bool:
    """Whether a mistake function's value can be one of the question's mistakes (or None:
    none on this variant); a key is proved by `judge` instead."""
    try:
        answers.mistake_value(question, value)
    except ValueError:
        return False
    return True


def _now() -> Any:
    from quiz import clock

    return clock.now()
