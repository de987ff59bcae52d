"""The figures behind `quiz stats`, computed from the store with a few aggregate queries.

Everything is counted in SQL (indexed by day, or by kind and interval) so a history of a
million reviews stays fast; undone answers are taken out of every count. Narrowed to some
banks, the figures of cards (forecast, retention, mastery, hardest, leeches) are those banks';
the figures of the student's days (today, streak, calendar, reviews in all) stay whole: a
day of study is one day, whichever banks it went to. Rendering for the
terminal (80 columns, no colour needed) and the JSON form live here too, next to the figures.
With an exam date ahead, the plan for it comes from study/examplan.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from quiz.bank.catalog import Catalog
from quiz.model import Tally
from quiz.schedule import examdate, policy
from quiz.schedule.examdate import ExamDates
from quiz.store import Store
from quiz.study import examplan
from quiz.study import mistakes as mistake_figures

HEATMAP_WEEKS = 26
FORECAST_DAYS = 30
MATURE_DAYS = 21
RETENTION_BUCKETS = ((21, 44), (45, 89), (90, 179), (180, None))
SHADES = " ░▒▓█"
BARS = " ▁▂▃▄▅▆▇█"


@dataclass
class Bucket:
    low: int
    high: int | None
    """The intervals (days) whose reviews the bucket counts: low to high, or low and more."""
    reviews: int
    passed: int

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high} d" if self.high is not None else f"{self.low}+ d"

    @property
    def retention(self) -> float | None:
        return round(100.0 * self.passed / self.reviews, 1) if self.reviews else None


@dataclass
class Mastery:
    name: str
    questions: int
    learned: int  # reviewed and passed at least once, not suspended
    mature: int  # interval of 21 days or more

    @property
    def percent(self) -> float:
        return round(100.0 * self.learned / self.questions, 1) if self.questions else 0.0


@dataclass
class Stats:
    today: date
    day: Tally
    streak: int
    heatmap: list[tuple[date, int]]
    forecast: list[tuple[date, int]]
    retention: list[Bucket]
    banks: list[Mastery]
    tags: list[Mastery]
    hardest: list[dict[str, Any]]
    leeches: list[str]
    total_reviews: int = 0
    selected: list[str] | None = None
    """The banks the card figures are narrowed to; None: every card."""
    exam_plans: list[examplan.ExamPlan] = field(default_factory=list)
    """A plan for each exam date ahead (of the selected banks)."""
    exams_over: list[date] = field(default_factory=list)
    """Exam days set that are over: the normal schedule has resumed."""
    mistakes: list[mistake_figures.Frequent] = field(default_factory=list)
    """The questions' named mistakes the student made most often (study/mistakes.py)."""
    error_rates: list[mistake_figures.ParamRate] = field(default_factory=list)
    """The param values of parametric questions answered wrong most often."""

    @property
    def true_retention(self) -> float | None:
        reviews = sum(b.reviews for b in self.retention)
        passed = sum(b.passed for b in self.retention)
        return round(100.0 * passed / reviews, 1) if reviews else None


def compute(
    store: Store,
    catalog: Catalog,
    today: date,
    banks: list[str] | None = None,
    *,
    exams: ExamDates | None = None,
    scheduler: str = "sm2",
    schedule: policy.Schedule = policy.apply,
) -> Stats:
    """Every figure; those of cards only for the questions of `banks` when given. With
    `exams`, the plan for each one ahead: simulated with `schedule`, its recall predicted
    by `scheduler`'s model (examplan.plans)."""
    ids = None if banks is None else catalog.select(banks).ids
    undone_ids = store.undone_review_ids()
    not_counted = store.uncounted_by_day()
    start = today - timedelta(days=7 * HEATMAP_WEEKS - 1)
    counts = {d: n - not_counted.get(d, 0) for d, n in store.rows_by_day(start, today).items()}
    heatmap = []
    for offset in range(7 * HEATMAP_WEEKS):
        day = start + timedelta(days=offset)
        heatmap.append((day, counts.get(day.isoformat(), 0)))
    learning = store.learning()
    return Stats(
        today=today,
        day=_today(store, today, undone_ids),
        streak=_streak(store, today, not_counted),
        heatmap=heatmap,
        forecast=_forecast(store, today, ids),
        retention=_retention(store, undone_ids, ids),
        banks=_mastery(learning, catalog, banks, by="bank"),
        tags=_mastery(learning, catalog, banks, by="tag"),
        hardest=_hardest(store, catalog, ids),
        leeches=store.leech_ids(ids),
        total_reviews=store.review_count() - sum(not_counted.values()),
        selected=banks,
        exam_plans=examplan.plans(
            store, catalog, today, exams, banks, scheduler=scheduler, schedule=schedule
        )
        if exams is not None
        else [],
        exams_over=examdate.over(exams, today) if exams is not None else [],
        mistakes=mistake_figures.frequent(store, catalog, ids),
        error_rates=mistake_figures.param_rates(store, catalog, ids),
    )


def _today(store: Store, today: date, undone: set[int]) -> Tally:
    result = Tally()
    for rid, kind, new, correct, seconds in store.answers_on(today):
        if rid in undone:
            continue
        result.reviewed += 1
        result.new += int(kind == "review" and new)
        if correct is not None:
            result.judged += 1
            result.correct += correct
        result.seconds += seconds or 0.0
    result.seconds = round(result.seconds, 1)
    return result


def _streak(store: Store, today: date, not_counted: dict[str, int]) -> int:
    """Days in a row with at least one review, ending today (or yesterday, if today is
    still to come). Walks back one day at a time: a lookup per day of the streak."""

    def active(day: date) -> bool:
        if day.isoformat() not in not_counted:
            return store.any_rows_on(day)
        return store.rows_on(day) - not_counted[day.isoformat()] > 0

    day = today if active(today) else today - timedelta(days=1)
    streak = 0
    while active(day):
        streak += 1
        day -= timedelta(days=1)
    return streak


def _forecast(store: Store, today: date, ids: Sequence[str] | None) -> list[tuple[date, int]]:
    """Cards due on each of the next 30 days; anything overdue counts on today."""
    due = store.due_counts(today, today + timedelta(days=FORECAST_DAYS - 1), ids)
    days = [today + timedelta(days=i) for i in range(FORECAST_DAYS)]
    return [(d, due.get(d.isoformat(), 0)) for d in days]


def _retention(store: Store, undone: set[int], ids: Sequence[str] | None) -> list[Bucket]:
    """Of the scheduled reviews of mature cards, the share recalled (grade 3 or more)."""
    buckets = []
    for low, high in RETENTION_BUCKETS:
        reviews, passed = store.recall_counts(low, high, question_ids=ids)
        if undone:
            minus_reviews, minus_passed = store.recall_counts(
                low, high, among=undone, question_ids=ids
            )
            reviews, passed = reviews - minus_reviews, passed - minus_passed
        buckets.append(Bucket(low, high, reviews, passed))
    return buckets


def _mastery(
    cards: dict[str, tuple[int, int]], catalog: Catalog, banks: list[str] | None, *, by: str
) -> list[Mastery]:
    groups: dict[str, list[str]] = {}
    for bank in catalog.banks:
        if banks is not None and bank.id not in banks:
            continue
        # By the questions' ids and tags alone: none of them needs building.
        for question_id, tags in zip(bank.questions.ids, bank.questions.tags, strict=True):
            for name in [bank.id] if by == "bank" else tags:
                groups.setdefault(name, []).append(question_id)
    result = []
    for name, ids in groups.items():
        present = [cards[qid] for qid in ids if qid in cards]
        result.append(
            Mastery(
                name=name,
                questions=len(ids),
                learned=sum(repetitions > 0 for repetitions, _ in present),
                mature=sum(interval >= MATURE_DAYS for _, interval in present),
            )
        )
    return sorted(result, key=lambda m: (m.percent, m.name))


def _hardest(
    store: Store, catalog: Catalog, ids: Sequence[str] | None, limit: int = 5
) -> list[dict[str, Any]]:
    return [
        {
            "id": qid,
            "lapses": lapses,
            "easiness": easiness,
            "leech": leech,
            "bank": catalog.bank_of(qid),
        }
        for qid, lapses, easiness, leech in store.most_lapsed(limit, ids)
    ]


# -- output -----------------------------------------------------------------------------------


def to_json(stats: Stats) -> dict[str, Any]:
    return {
        "today": stats.today.isoformat(),
        "selected_banks": stats.selected,
        "day": {**asdict(stats.day), "percent_correct": _rounded(stats.day.percent_correct)},
        "streak": stats.streak,
        "total_reviews": stats.total_reviews,
        "heatmap": [{"day": d.isoformat(), "reviews": n} for d, n in stats.heatmap],
        "forecast": [{"day": d.isoformat(), "due": n} for d, n in stats.forecast],
        "true_retention": stats.true_retention,
        "retention": [
            {"interval": b.label, "reviews": b.reviews, "passed": b.passed, "percent": b.retention}
            for b in stats.retention
        ],
        "banks": [{**asdict(m), "percent": m.percent} for m in stats.banks],
        "tags": [{**asdict(m), "percent": m.percent} for m in stats.tags],
        "hardest": stats.hardest,
        "leeches": stats.leeches,
        "exam_plans": [examplan.to_json(plan) for plan in stats.exam_plans],
        "exams_over": [day.isoformat() for day in stats.exams_over],
        "mistakes": mistake_figures.frequent_json(stats.mistakes),
        "error_rates": mistake_figures.rates_json(stats.error_rates),
    }


def heatmap_rows(heatmap: list[tuple[date, int]]) -> list[str]:
    """Seven rows (Mon..Sun), one column per week, shaded by that day's reviews; the screen
    names the days, in its own language."""
    peak = max((n for _, n in heatmap), default=0)
    first = heatmap[0][0]
    offset = first.weekday()
    columns = (offset + len(heatmap) + 6) // 7
    grid = [[" "] * columns for _ in range(7)]
    for index, (day, count) in enumerate(heatmap):
        slot = offset + index
        shade = 0 if count == 0 else 1 + min(3, (count * 4 - 1) // peak) if peak else 0
        grid[day.weekday()][slot // 7] = SHADES[shade]
    return ["".join(c * 2 for c in grid[row]) for row in range(7)]


def forecast_line(forecast: list[tuple[date, int]]) -> str:
    peak = max((n for _, n in forecast), default=0)
    if not peak:
        return "·" * len(forecast)
    return "".join(BARS[0 if n == 0 else max(1, round(8 * n / peak))] for _, n in forecast)


def _rounded(percent: float | None) -> float | None:
    return None if percent is None else round(percent, 1)
