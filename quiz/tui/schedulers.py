"""What `quiz scheduler optimize|compare`, `quiz stats --forecast` and `quiz show` draw
about the two schedulers: tables and one-line verdicts, 80 columns, no colour needed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.console import Console
from rich.text import Text

from quiz.model import Card
from quiz.study.schedulers import Comparison, Forecast, Optimized
from quiz.tui.render import plural, print_table
from quiz.tui.words import say, say_count

NAMES = {"sm2": "SM-2", "fsrs": "FSRS-6"}


def optimized(console: Console, result: Optimized, scheduler: str) -> None:
    if result.parameters is None:
        console.print(
            f"Not enough reviews to fit FSRS yet: {result.learnable} of the"
            f" {result.learnable + result.needed} needed (reviews of a card after its first,"
            f" on a later day); {result.needed} more to go. FSRS-6's default parameters"
            " stay.",
            soft_wrap=True,
        )
        return
    sample = " (cards drawn at random to fit the budget)" if result.sampled else ""
    console.print(
        f"Fitted FSRS-6 to {plural(result.reviews, 'review')} of"
        f" {plural(result.cards, 'card')}{sample} in {result.seconds:.1f} s.",
        soft_wrap=True,
    )
    console.print(
        f"Log loss on your log: {result.log_loss_default:.4f} with the default parameters,"
        f" {result.log_loss_fitted:.4f} fitted.",
        soft_wrap=True,
    )
    console.print(
        Text("Parameters: " + ", ".join(f"{p:.4f}" for p in result.parameters), style="dim"),
        soft_wrap=True,
    )
    if scheduler == "fsrs":
        rebuilt = result.rebuilt or 0
        console.print(f"Rescheduled {plural(rebuilt, 'card')} with them.", soft_wrap=True)
    else:
        console.print(
            "Saved. They schedule your cards once you switch: quiz config scheduler fsrs",
            soft_wrap=True,
        )


def comparison(console: Console, result: Comparison) -> None:
    console.print(
        f"Fitted on the {plural(result.train_reviews, 'review')} before"
        f" {result.first_test_day.isoformat()}, scored on the"
        f" {plural(result.test_reviews, 'review')} from that day on.",
        soft_wrap=True,
    )
    rows = [
        [
            row.name,
            _figure(row.log_loss),
            _figure(row.rmse_bins),
            row.note,
        ]
        for row in result.rows
    ]
    print_table(console, ("scheduler", "log loss", "RMSE(bins)", ""), rows, right=(1, 2))
    console.print(result.verdict, soft_wrap=True)


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def forecast(console: Console, result: Forecast, lang: str | None = None) -> None:
    """`quiz stats --forecast`: reviews a week under each scheduler, in the student's words."""
    if not result.cards:
        console.print(say("No reviewed cards yet: nothing to forecast.", lang))
        return
    days = len(next(iter(result.workloads.values())).daily)
    intro = say_count(
        "The next {days} days from {day}: reviews of your {count:,} card under each"
        " scheduler, the student played by FSRS-6 with {student} parameters (no new cards).",
        "The next {days} days from {day}: reviews of your {count:,} cards under each"
        " scheduler, the student played by FSRS-6 with {student} parameters (no new cards).",
        result.cards,
        lang,
        days=days,
        day=result.first_day.isoformat(),
        student=say("fitted", lang) if result.student == "fitted" else say("default", lang),
    )
    console.print(intro, soft_wrap=True)
    weeks = [(start, min(start + 7, days)) for start in range(0, days, 7)]
    headers = [
        say("scheduler", lang),
        *(say("days {first}–{last}", lang, first=a + 1, last=b) for a, b in weeks),
        say("total", lang),
        say("peak day", lang),
    ]
    rows = []
    for key, workload in result.workloads.items():
        peak_day = result.first_day + timedelta(days=workload.daily.index(workload.peak))
        rows.append(
            [
                NAMES.get(key, key),
                *(str(sum(workload.daily[a:b])) for a, b in weeks),
                str(workload.total),
                f"{workload.peak} ({peak_day.isoformat()[5:]})",
            ]
        )
    print_table(console, headers, rows, right=range(1, len(weeks) + 2))


def card_schedules(console: Console, both: dict[str, Any], today: date) -> None:
    """A card as each scheduler sees it (from the log replayed under each)."""
    rows = []
    sm2: Card | None = both.get("sm2")
    fsrs: Card | None = both.get("fsrs")
    if sm2 is not None:
        rows.append(
            [
                "SM-2",
                f"EF {sm2.state.easiness}, interval {sm2.state.interval} d",
                sm2.due_day.isoformat(),
                _percent(both.get("sm2_recall")),
            ]
        )
    if fsrs is not None:
        rows.append(
            [
                "FSRS-6",
                f"stability {fsrs.stability:.1f} d, difficulty {fsrs.difficulty:.1f}",
                fsrs.due_day.isoformat(),
                _percent(both.get("fsrs_recall")),
            ]
        )
    if rows:
        active = NAMES.get(both.get("active", "sm2"), "SM-2")
        console.print(Text(f"Schedulers (in use: {active})", style="bold"))
        print_table(console, ("", "state", "due", f"recall {today.isoformat()}"), rows)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"
