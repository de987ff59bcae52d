"""The stats screen: today, the streak, the calendar, the forecast, retention, mastery."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from quiz.safetext import safe_text
from quiz.study import stats as figures
from quiz.tui.render import plural


def render(console: Console, result: figures.Stats) -> None:
    from rich.table import Table

    if result.selected is not None:
        names = safe_text(", ".join(result.selected), multiline=False)
        label = "Bank" if len(result.selected) == 1 else "Banks"
        console.print(
            Text(f"{label}: {names} (today, the streak and the calendar count every bank)"),
            soft_wrap=True,
        )
    day = result.day
    line = f"Today ({result.today.isoformat()}): {plural(day.reviewed, 'review')}"
    if day.new:
        line += f" ({day.new} new)"
    if day.percent_correct is not None:
        line += f" · {day.percent_correct:.0f}% correct"
    minutes, seconds = divmod(int(round(day.seconds)), 60)
    line += f" · {minutes}m {seconds:02d}s"
    console.print(line)
    console.print(
        f"Streak: {plural(result.streak, 'day')} · {plural(result.total_reviews, 'review')} in all"
    )
    console.print()
    console.print(f"Reviews over the last {figures.HEATMAP_WEEKS} weeks (darker = more):")
    for row in figures.heatmap_lines(result.heatmap):
        console.print(Text(row))
    console.print()
    due = [n for _, n in result.forecast]
    console.print(f"Due over the next {figures.FORECAST_DAYS} days (today first):")
    console.print(Text("    " + figures.forecast_line(result.forecast)))
    console.print(
        f"    today {due[0]} · tomorrow {due[1]} · next 7 days {sum(due[:7])}"
        f" · next 30 days {sum(due)}"
    )
    console.print()
    true = result.true_retention
    if true is None:
        console.print("True retention: no reviews of mature cards (interval ≥ 21 d) yet")
    else:
        reviews = sum(b.reviews for b in result.retention)
        console.print(f"True retention of mature cards: {true:.1f}% of {plural(reviews, 'review')}")
        for bucket in result.retention:
            if bucket.reviews:
                console.print(
                    f"    {bucket.label:<10} {bucket.retention:5.1f}%  ({bucket.reviews:,})"
                )
    for title, rows in (("bank", result.banks), ("tag", result.tags[:8])):
        console.print()
        table = Table(box=None, pad_edge=False, title=f"Mastery by {title}", title_justify="left")
        for column in (title, "questions", "learned", "mature"):
            table.add_column(column, justify="left" if column == title else "right")
        for mastery in rows:
            name = Text(safe_text(mastery.name, multiline=False))
            percent = f"{mastery.percent:.0f}%"
            table.add_row(name, str(mastery.questions), percent, str(mastery.mature))
        console.print(table)
    if result.hardest:
        console.print()
        console.print("Hardest cards:")
        for card in result.hardest:
            mark = "  (leech)" if card["leech"] else ""
            lapses = plural(card["lapses"], "lapse")
            line = f"    {card['id']}: {lapses}, EF {card['easiness']:.2f}{mark}"
            console.print(Text(safe_text(line)))
    if result.leeches:
        console.print(Text(safe_text(f"Leeches (suspended): {', '.join(result.leeches)}")))
