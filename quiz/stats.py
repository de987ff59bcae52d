"""The figures behind `quiz stats`, computed from the store with a few aggregate queries.

Everything is counted in SQL (indexed by day, or by kind and interval) so a history of a
million reviews stays fast; undone answers are taken out of every count. Rendering for the
terminal (80 columns, no colour needed) and the JSON form live here too, next to the figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from quiz.bank import Catalog
from quiz.store import Store

HEATMAP_WEEKS = 26
FORECAST_DAYS = 30
MATURE_DAYS = 21
RETENTION_BUCKETS = ((21, 44), (45, 89), (90, 179), (180, None))
SHADES = " ░▒▓█"
BARS = " ▁▂▃▄▅▆▇█"


@dataclass
class Today:
    reviewed: int = 0
    new: int = 0
    judged: int = 0
    correct: int = 0
    seconds: float = 0.0

    @property
    def percent_correct(self) -> float | None:
        return round(100.0 * self.correct / self.judged, 1) if self.judged else None


@dataclass
class Bucket:
    label: str
    reviews: int
    passed: int

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
    day: Today
    streak: int
    heatmap: list[tuple[date, int]]
    forecast: list[tuple[date, int]]
    retention: list[Bucket]
    banks: list[Mastery]
    tags: list[Mastery]
    hardest: list[dict[str, Any]]
    leeches: list[str]
    total_reviews: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def true_retention(self) -> float | None:
        reviews = sum(b.reviews for b in self.retention)
        passed = sum(b.passed for b in self.retention)
        return round(100.0 * passed / reviews, 1) if reviews else None


def compute(store: Store, catalog: Catalog, today: date) -> Stats:
    conn = store.conn
    # Undo is rare: its rows and the answers they cancel are found through the undoes
    # index and subtracted, so the big counts can run on the day index alone.
    undone_ids = {
        rid for (rid,) in conn.execute("SELECT undoes FROM reviews WHERE undoes IS NOT NULL")
    }
    not_counted: dict[str, int] = {}
    for sql in (
        # INDEXED BY: left alone, SQLite walks the day index (every review) to group by day.
        "SELECT day FROM reviews INDEXED BY reviews_undone WHERE undoes IS NOT NULL",
        "SELECT day FROM reviews WHERE id IN"
        " (SELECT undoes FROM reviews INDEXED BY reviews_undone WHERE undoes IS NOT NULL)",
    ):
        for (day,) in conn.execute(sql):
            not_counted[day] = not_counted.get(day, 0) + 1
    start = today - timedelta(days=7 * HEATMAP_WEEKS - 1)
    counts = {
        d: n - not_counted.get(d, 0)
        for d, n in conn.execute(
            "SELECT day, count(*) FROM reviews WHERE day >= ? AND day <= ? GROUP BY day",
            [start.isoformat(), today.isoformat()],
        )
    }
    heatmap = []
    for offset in range(7 * HEATMAP_WEEKS):
        day = start + timedelta(days=offset)
        heatmap.append((day, counts.get(day.isoformat(), 0)))
    (all_rows,) = conn.execute("SELECT count(*) FROM reviews").fetchone()
    # NOT INDEXED: every card is read anyway, and the due index would add a lookup per row.
    learning = {
        qid: (repetitions, interval)
        for qid, repetitions, interval, suspended in conn.execute(
            "SELECT question_id, repetitions, interval, suspended FROM cards NOT INDEXED"
        )
        if not suspended
    }
    return Stats(
        today=today,
        day=_today(conn, today, undone_ids),
        streak=_streak(conn, today, not_counted),
        heatmap=heatmap,
        forecast=_forecast(conn, today),
        retention=_retention(conn, undone_ids),
        banks=_mastery(learning, catalog, by="bank"),
        tags=_mastery(learning, catalog, by="tag"),
        hardest=_hardest(conn, catalog),
        leeches=[qid for (qid,) in conn.execute("SELECT question_id FROM cards WHERE leech = 1")],
        total_reviews=all_rows - sum(not_counted.values()),
    )


def _today(conn, today: date, undone: set[int]) -> Today:
    result = Today()
    for rid, kind, before, correct, seconds in conn.execute(
        "SELECT id, kind, state_before IS NULL, correct, seconds FROM reviews"
        " WHERE day = ? AND kind != 'undo'",
        [today.isoformat()],
    ):
        if rid in undone:
            continue
        result.reviewed += 1
        result.new += int(kind == "review" and bool(before))
        if correct is not None:
            result.judged += 1
            result.correct += correct
        result.seconds += seconds or 0.0
    result.seconds = round(result.seconds, 1)
    return result


def _streak(conn, today: date, not_counted: dict[str, int]) -> int:
    """Days in a row with at least one review, ending today (or yesterday, if today is
    still to come). Walks back one day at a time: a lookup per day of the streak."""

    def active(day: date) -> bool:
        text = day.isoformat()
        if text not in not_counted:
            row = conn.execute("SELECT 1 FROM reviews WHERE day = ? LIMIT 1", [text])
            return row.fetchone() is not None
        (count,) = conn.execute("SELECT count(*) FROM reviews WHERE day = ?", [text]).fetchone()
        return count - not_counted[text] > 0

    day = today if active(today) else today - timedelta(days=1)
    streak = 0
    while active(day):
        streak += 1
        day -= timedelta(days=1)
    return streak


def _forecast(conn, today: date) -> list[tuple[date, int]]:
    """Cards due on each of the next 30 days; anything overdue counts on today."""
    last = today + timedelta(days=FORECAST_DAYS - 1)
    rows = conn.execute(
        "SELECT max(due_day, ?), count(*) FROM cards WHERE suspended = 0 AND due_day <= ?"
        " GROUP BY max(due_day, ?)",
        [today.isoformat(), last.isoformat(), today.isoformat()],
    )
    due = dict(rows.fetchall())
    days = [today + timedelta(days=i) for i in range(FORECAST_DAYS)]
    return [(d, due.get(d.isoformat(), 0)) for d in days]


def _retention(conn, undone: set[int]) -> list[Bucket]:
    """Of the scheduled reviews of mature cards, the share recalled (grade 3 or more); each
    bucket is one range of the (kind, interval_before, grade) index."""
    buckets = []
    for low, high in RETENTION_BUCKETS:
        sql = (
            "SELECT count(*), coalesce(sum(grade >= 3), 0) FROM reviews"
            " WHERE kind = 'review' AND interval_before >= ? AND interval_before <= ?"
        )
        args: list[Any] = [low, high if high is not None else 2**62]
        reviews, passed = conn.execute(sql, args).fetchone()
        if undone:
            marks = ",".join("?" * len(undone))
            extra = conn.execute(sql + f" AND id IN ({marks})", [*args, *sorted(undone)])
            minus_reviews, minus_passed = extra.fetchone()
            reviews, passed = reviews - minus_reviews, passed - minus_passed
        label = f"{low}–{high} d" if high is not None else f"{low}+ d"
        buckets.append(Bucket(label, reviews, passed))
    return buckets


def _mastery(cards: dict[str, tuple[int, int]], catalog: Catalog, *, by: str) -> list[Mastery]:
    groups: dict[str, list[str]] = {}
    for question in catalog.questions.values():
        names = [question.bank] if by == "bank" else list(question.tags)
        for name in names:
            groups.setdefault(name, []).append(question.id)
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


def _hardest(conn, catalog: Catalog, limit: int = 5) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT question_id, lapses, easiness_x100, leech FROM cards"
        " WHERE lapses > 0 ORDER BY lapses DESC, easiness_x100 ASC, question_id LIMIT ?",
        [limit],
    )
    return [
        {
            "id": qid,
            "lapses": lapses,
            "easiness": ef / 100,
            "leech": bool(leech),
            "bank": catalog.questions[qid].bank if qid in catalog.questions else None,
        }
        for qid, lapses, ef, leech in rows
    ]


# -- output -----------------------------------------------------------------------------------


def to_json(stats: Stats) -> dict[str, Any]:
    return {
        "today": stats.today.isoformat(),
        "day": {**asdict(stats.day), "percent_correct": stats.day.percent_correct},
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
    }


def heatmap_lines(heatmap: list[tuple[date, int]]) -> list[str]:
    """Seven rows (Mon..Sun), one column per week, shaded by that day's reviews."""
    peak = max((n for _, n in heatmap), default=0)
    first = heatmap[0][0]
    offset = first.weekday()
    columns = (offset + len(heatmap) + 6) // 7
    grid = [[" "] * columns for _ in range(7)]
    for index, (day, count) in enumerate(heatmap):
        slot = offset + index
        shade = 0 if count == 0 else 1 + min(3, (count * 4 - 1) // peak) if peak else 0
        grid[day.weekday()][slot // 7] = SHADES[shade]
    names = ("Mon", "", "Wed", "", "Fri", "", "Sun")
    return [f"{names[row]:<4}" + "".join(c * 2 for c in grid[row]) for row in range(7)]


def forecast_line(forecast: list[tuple[date, int]]) -> str:
    peak = max((n for _, n in forecast), default=0)
    if not peak:
        return "·" * len(forecast)
    return "".join(BARS[0 if n == 0 else max(1, round(8 * n / peak))] for _, n in forecast)
