"""What `quiz sync DIR` and `quiz sync --status` print, in the student's language: what
arrived and from which machine, what was sent, the cards two machines reviewed on one day,
and a one-line warning (on stderr) for each event file left for the next sync."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.text import Text

from quiz.safetext import safe_text
from quiz.study.sync import Report, Status
from quiz.tui.words import say, say_count, say_phrase


def report(console: Console, result: Report, lang: str | None, errors: Console) -> None:
    """The sync's outcome on `console`, its warnings on `errors`."""
    for skipped in result.skipped:
        warning = say(
            "warning: {path}: skipped, {reason}; it is read again at the next sync",
            lang,
            path=str(skipped.path),
            reason=say_phrase(skipped.reason, lang),
        )
        errors.print(Text(safe_text(warning, multiline=False), style="yellow"), soft_wrap=True)
    if result.unsendable:
        warning = say_count(
            "warning: {count} change here cannot be sent (damaged, or the undo of another"
            " machine's answer); it stays on this machine",
            "warning: {count} changes here cannot be sent (damaged, or the undo of another"
            " machine's answer); they stay on this machine",
            result.unsendable,
            lang,
        )
        errors.print(Text(warning, style="yellow"), soft_wrap=True)
    me = result.names.get(result.device, "")
    console.print(
        Text(
            safe_text(
                say(
                    "Synced with {folder} as {device} ({name}).",
                    lang,
                    folder=str(result.folder),
                    device=result.device,
                    name=me,
                ),
                multiline=False,
            )
        ),
        soft_wrap=True,
    )
    for device, count in sorted(result.received.items()):
        name = result.names.get(device, "")
        line = say_count(
            "Received {count} event from {name} ({device}).",
            "Received {count} events from {name} ({device}).",
            count,
            lang,
            name=name,
            device=device,
        )
        console.print(Text(safe_text(line, multiline=False)), soft_wrap=True)
    if result.sent:
        console.print(say_count("Sent {count} event.", "Sent {count} events.", result.sent, lang))
    if not result.received and not result.sent:
        console.print(say("Nothing new to receive or send.", lang))
    if result.same_day:
        console.print(
            say_count(
                "{count} card was reviewed on the same day on two machines: both reviews are"
                " kept, and its schedule replays them in time order.",
                "{count} cards were reviewed on the same day on two machines: both reviews are"
                " kept, and their schedules replay them in time order.",
                result.same_day,
                lang,
            ),
            soft_wrap=True,
        )
    if result.cards:
        console.print(
            say_count(
                "Rebuilt {count} card from the merged log.",
                "Rebuilt {count} cards from the merged log.",
                result.cards,
                lang,
            )
        )
    if result.settings:
        console.print(say("Settings made on another machine apply here now.", lang))


def status(console: Console, result: Status, lang: str | None) -> None:
    if result.device is None:
        console.print(
            say("This machine has no device id yet: the first `quiz sync DIR` makes one.", lang)
        )
    else:
        console.print(say("This machine: {device}", lang, device=result.device))
    if result.folder is None:
        console.print(
            say(
                "Not synced yet: `quiz sync DIR` merges this machine's reviews with those of"
                " the others that share DIR.",
                lang,
            ),
            soft_wrap=True,
        )
    else:
        line = say(
            "Folder: {folder}, last synced {time}",
            lang,
            folder=result.folder,
            time=_time(result.synced_at, lang),
        )
        console.print(Text(safe_text(line, multiline=False)), soft_wrap=True)
    if result.devices:
        console.print(say("Devices seen:", lang))
        width = max(len(d.name) for d in result.devices)
        for device in result.devices:
            this = say(" (this machine)", lang) if device.this else ""
            events = say_count("{count} event", "{count} events", device.last, lang)
            line = say(
                "  {device}  {name}  last wrote {time} · {events}{this}",
                lang,
                device=device.id,
                name=device.name.ljust(width),
                time=_time(device.wrote_at, lang),
                events=events,
                this=this,
            )
            console.print(Text(safe_text(line, multiline=False)), soft_wrap=True)
    console.print(
        say_count(
            "Waiting to be sent: {count} change",
            "Waiting to be sent: {count} changes",
            result.unsent,
            lang,
        )
    )


def _time(text: str | None, lang: str | None) -> str:
    """A stored UTC time as the student reads it: to the minute, in UTC."""
    if text is None:
        return say("never", lang)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    return say("{time} UTC", lang, time=moment.strftime("%Y-%m-%d %H:%M"))
