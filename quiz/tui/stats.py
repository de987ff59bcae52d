"""The stats screen: today, the streak, the calendar, the forecast, retention, mastery, the
student's frequent mistakes and the param values they get wrong most."""

from __future__ import annotations

import json

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from quiz.safetext import safe_text
from quiz.study import stats as figures
from quiz.tui.words import later, say, say_count

DAY_NAMES = (later("Mon"), "", later("Wed"), "", later("Fri"), "", later("Sun"))
"""The names of the heatmap's rows, Monday to Sunday: every other day, as calendars do."""
DAY_NAME_CELLS = 4


def render(console: Console, result: figures.Stats, lang: str | None = None) -> None:
    from rich.table import Table

    if result.selected is not None:
        names = safe_text(say(", ", lang).join(result.selected), multiline=False)
        selected = say_count(
            "Bank: {names} (today, the streak and the calendar count every bank)",
            "Banks: {names} (today, the streak and the calendar count every bank)",
            len(result.selected),
            lang,
            names=names,
        )
        console.print(Text(selected), soft_wrap=True)
    day = result.day
    line = say_count(
        "Today ({date}): {count:,} review",
        "Today ({date}): {count:,} reviews",
        day.reviewed,
        lang,
        date=result.today.isoformat(),
    )
    if day.new:
        line += say(" ({count} new)", lang, count=day.new)
    if day.percent_correct is not None:
        line += say(" · {percent:.0f}% correct", lang, percent=day.percent_correct)
    minutes, seconds = divmod(int(round(day.seconds)), 60)
    line += " · " + say("{minutes}m {seconds:02d}s", lang, minutes=minutes, seconds=seconds)
    console.print(line)
    streak = say_count("{count:,} day", "{count:,} days", result.streak, lang)
    reviews = say_count("{count:,} review", "{count:,} reviews", result.total_reviews, lang)
    console.print(say("Streak: {days} · {reviews} in all", lang, days=streak, reviews=reviews))
    console.print()
    weeks = figures.HEATMAP_WEEKS
    console.print(say("Reviews over the last {weeks} weeks (darker = more):", lang, weeks=weeks))
    for day_name, row in zip(DAY_NAMES, figures.heatmap_rows(result.heatmap), strict=True):
        label = say(day_name, lang) if day_name else ""
        console.print(Text(label + " " * (DAY_NAME_CELLS - cell_len(label)) + row))
    console.print()
    due = [n for _, n in result.forecast]
    days = figures.FORECAST_DAYS
    console.print(say("Due over the next {days} days (today first):", lang, days=days))
    console.print(Text("    " + figures.forecast_line(result.forecast)))
    console.print(
        say(
            "    today {today} · tomorrow {tomorrow} · next 7 days {week} · next 30 days {month}",
            lang,
            today=due[0],
            tomorrow=due[1],
            week=sum(due[:7]),
            month=sum(due),
        )
    )
    console.print()
    true = result.true_retention
    if true is None:
        console.print(say("True retention: no reviews of mature cards (interval ≥ 21 d) yet", lang))
    else:
        reviews = say_count(
            "{count:,} review", "{count:,} reviews", sum(b.reviews for b in result.retention), lang
        )
        console.print(
            say(
                "True retention of mature cards: {percent:.1f}% of {reviews}",
                lang,
                percent=true,
                reviews=reviews,
            )
        )
        for bucket in (b for b in result.retention if b.reviews):
            if bucket.high is None:
                label = say("{low}+ d", lang, low=bucket.low)
            else:
                label = say("{low}–{high} d", lang, low=bucket.low, high=bucket.high)
            label += " " * (10 - cell_len(label))
            console.print(f"    {label} {bucket.retention:5.1f}%  ({bucket.reviews:,})")
    mastery_tables = (
        (say("Mastery by bank", lang), say("bank", lang), result.banks),
        (say("Mastery by tag", lang), say("tag", lang), result.tags[:8]),
    )
    for title, heading, rows in mastery_tables:
        console.print()
        table = Table(box=None, pad_edge=False, title=title, title_justify="left")
        table.add_column(heading)
        for column in (say("questions", lang), say("learned", lang), say("mature", lang)):
            table.add_column(column, justify="right")
        for mastery in rows:
            name = Text(safe_text(mastery.name, multiline=False))
            percent = f"{mastery.percent:.0f}%"
            table.add_row(name, str(mastery.questions), percent, str(mastery.mature))
        console.print(table)
    if result.hardest:
        console.print()
        console.print(say("Hardest cards:", lang))
        for card in result.hardest:
            hardest = say(
                "    {id}: {lapses}, EF {easiness:.2f}",
                lang,
                id=card["id"],
                lapses=say_count("{count:,} lapse", "{count:,} lapses", card["lapses"], lang),
                easiness=card["easiness"],
            )
            if card["leech"]:
                hardest += say("  (leech)", lang)
            console.print(Text(safe_text(hardest)))
    if result.leeches:
        leeches = say(", ", lang).join(result.leeches)
        console.print(Text(safe_text(say("Leeches (suspended): {ids}", lang, ids=leeches))))
    mistakes(console, result, lang)
    exam_plans(console, result, lang)


def mistakes(console: Console, result: figures.Stats, lang: str | None = None) -> None:
    """The named mistakes the student makes most, and the param values of parametric drills
    they get wrong most (study/mistakes.py); nothing while there are none."""
    from quiz.model import pick
    from quiz.study.mistakes import MIN_ATTEMPTS

    if result.mistakes:
        console.print()
        console.print(say("Your most frequent mistakes:", lang))
        for row in result.mistakes:
            explain = pick(row.explain, lang)
            values = {"count": row.count, "id": row.question_id, "name": row.name}
            if explain:
                line = say("    {count}× {id} ({name}): {explain}", lang, explain=explain, **values)
            else:
                line = say("    {count}× {id} ({name})", lang, **values)
            console.print(Text(safe_text(line)), soft_wrap=True)
    if result.error_rates:
        console.print()
        console.print(
            say(
                "Wrong answers by parameter value (at least {least} answers):",
                lang,
                least=MIN_ATTEMPTS,
            )
        )
        for rate in result.error_rates:
            value = rate.value if isinstance(rate.value, str) else json.dumps(rate.value)
            line = say(
                "    {id}: {param} {value}: {wrong} of {attempts} wrong",
                lang,
                id=rate.question_id,
                param=rate.param,
                value=value,
                wrong=rate.wrong,
                attempts=rate.attempts,
            )
            console.print(Text(safe_text(line)), soft_wrap=True)


def exam_plans(console: Console, result: figures.Stats, lang: str | None = None) -> None:
    """For each exam ahead: the days left, the reviews and new cards a day until it, the
    recall predicted at it, and that prediction against the mock exams sat; a line for each
    exam day that is over."""
    from rich.table import Table

    for day in result.exams_over:
        console.print()
        console.print(say(EXAM_OVER, lang, day=day.isoformat()), soft_wrap=True)
    for plan in result.exam_plans:
        console.print()
        heading = say(
            "Exam on {day} ({banks}): {days} · last pass {start} to {day}",
            lang,
            day=plan.exam.day.isoformat(),
            banks=say(", ", lang).join(plan.banks),
            days=say_count("{count:,} day left", "{count:,} days left", plan.days_left, lang),
            start=plan.exam.last_pass_start.isoformat(),
        )
        console.print(Text(safe_text(heading, multiline=False)), soft_wrap=True)
        busiest = plan.busiest
        console.print(
            say(
                "    reviews a day until the exam: {mean:.1f} on average, {peak} at most ({day}),"
                " if you pass them all",
                lang,
                mean=plan.reviews_per_day,
                peak=busiest[1] if busiest else 0,
                day=busiest[0].isoformat() if busiest else "—",
            ),
            soft_wrap=True,
        )
        until = plan.introduce_until
        if until is None:
            console.print(say("    new cards: none left to introduce", lang))
        else:
            console.print(
                say(
                    "    new cards: {pace} a day until {until} ({left} not yet seen)",
                    lang,
                    pace=plan.new_today,
                    until=until.isoformat(),
                    left=plan.new_left,
                ),
                soft_wrap=True,
            )
        title = say(
            "Recall predicted at the exam if you stop reviewing now"
            " (cards not yet seen are counted apart):",
            lang,
        )
        console.print(title, soft_wrap=True)
        table = Table(box=None, pad_edge=False)
        table.add_column(say("bank", lang))
        for column in (say("studied", lang), say("recall", lang), say("not yet seen", lang)):
            table.add_column(column, justify="right")
        for bank in plan.recall:
            recall = "—" if bank.recall is None else f"{100 * bank.recall:.0f}%"
            name = Text(safe_text(bank.bank, multiline=False))
            table.add_row(name, str(bank.studied), recall, str(bank.new))
        console.print(table)
        if not plan.mocks:
            continue
        title = say(
            "Mock exams, predicted against scored (questions studied before the mock's day):",
            lang,
        )
        console.print(title, soft_wrap=True)
        table = Table(box=None, pad_edge=False)
        table.add_column(say("bank", lang))
        for column in (say("answers", lang), say("predicted", lang), say("scored", lang)):
            table.add_column(column, justify="right")
        for mock in plan.mocks:
            name = Text(safe_text(mock.bank, multiline=False))
            predicted, scored = f"{100 * mock.predicted:.0f}%", f"{100 * mock.scored:.0f}%"
            table.add_row(name, str(mock.answers), predicted, scored)
        console.print(table)


EXAM_OVER = later(
    "Exam day {day} is over: the normal schedule has resumed"
    " (quiz config exam_date --unset forgets it)."
)
"""Said once by `quiz stats` and `quiz review` for each exam day set that has passed."""
