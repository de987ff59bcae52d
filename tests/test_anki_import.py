"""`quiz import anki` (export/anki_import.py, apkg.py's reading): Basic and Cloze notes of a
package, in either of Anki's formats, become a bank that `quiz check` passes without a
warning, with tags kept, media copied and ids that a second import keeps."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest

from conftest import quiz
from quiz.bank.catalog import load_file
from quiz.export.anki_import import (
    accepted_spellings,
    bank_id_from,
    bank_tags,
    question_id,
    to_text,
)

PNG = b"\x89PNG\r\n\x1a\n not really an image"
MP3 = b"ID3 not really a sound"
THREE_FIELDS = genanki.Model(
    1607392319,
    "Three fields",
    fields=[{"name": "One"}, {"name": "Two"}, {"name": "Three"}],
    templates=[{"name": "Card 1", "qfmt": "{{One}}", "afmt": "{{Two}} {{Three}}"}],
)


@pytest.fixture
def genanki_deck(tmp_path) -> Path:
    """A deck as genanki writes it: Basic and Cloze notes, tags, an image and a sound, one
    note of another type and one with an empty back."""
    media = tmp_path / "media"
    media.mkdir()
    (media / "relu.png").write_bytes(PNG)
    (media / "beep.mp3").write_bytes(MP3)
    deck = genanki.Deck(2059400111, "Course::Week 1")
    basic, cloze = genanki.BASIC_MODEL, genanki.CLOZE_MODEL
    notes = [
        (
            basic,
            [
                "What does <b>ReLU</b> stand for?<br>It is an activation.",
                "rectified linear unit (ReLU)",
            ],
            ["cnn", "week::one"],
        ),
        (basic, ["Name an optimizer with momentum &amp; adaptive steps.", "Adam / AdamW"], []),
        (
            basic,
            ["Why does <i>BN</i> help?", "<div>It normalizes</div><div>each channel.</div>"],
            [],
        ),
        (basic, ['<img src="relu.png">', "ReLU"], ["cnn"]),
        (
            cloze,
            [
                "{{c1::Adam::optimizer}} keeps a {{c2::per-parameter}} step [sound:beep.mp3];"
                " {{c1::Adam}} was published in 2015.",
                "Kingma &amp; Ba",
            ],
            ["optim"],
        ),
        (cloze, ["Its derivative is {{c1::1; one}} for x &gt; 0.", ""], []),
        (THREE_FIELDS, ["a", "b", "c"], []),
        (basic, ["An empty back", ""], []),
    ]
    for index, (model, fields, tags) in enumerate(notes):
        deck.add_note(genanki.Note(model=model, fields=fields, tags=tags, guid=f"guid-{index}"))
    path = tmp_path / "week1.apkg"
    genanki.Package(
        deck, media_files=[str(media / "relu.png"), str(media / "beep.mp3")]
    ).write_to_file(str(path))
    return path


def checked_clean(bank: Path) -> None:
    result = quiz("check", "--strict", str(bank))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("0 errors, 0 warnings"), result.output


def questions_of(bank: Path) -> dict:
    return {q.id: q for q in load_file(bank).questions}


def test_a_genanki_deck_becomes_a_bank_that_checks_clean(genanki_deck, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    result = quiz("import", "anki", str(genanki_deck))

    assert result.exit_code == 0, result.output + result.stderr
    bank = tmp_path / "week1.yaml"
    output = " ".join(result.output.split())
    assert "Wrote week1.yaml (bank week1): 7 questions from 6 notes (3 text, 4 open)." in output
    assert "Copied 2 media files to week1-media." in output
    assert "Left out 1 note (empty prompt or answer)." in output
    assert "Left out 1 note (note type 'Three fields')." in output
    checked_clean(bank)
    questions = questions_of(bank)
    relu = questions[question_id("guid-0")]
    assert (relu.type, relu.prompt) == (
        "text",
        {"*": "What does ReLU stand for?\nIt is an activation."},
    )
    assert relu.answer == {"*": ("rectified linear unit (ReLU)", "rectified linear unit", "ReLU")}
    assert relu.tags == ("cnn", "week::one")
    optimizer = questions[question_id("guid-1")]
    assert optimizer.prompt == {"*": "Name an optimizer with momentum & adaptive steps."}
    assert (optimizer.type, optimizer.answer) == ("text", {"*": ("Adam", "AdamW")})
    why = questions[question_id("guid-2")]
    assert (why.type, why.answer) == ("open", {"*": "It normalizes\neach channel."})
    image = questions[question_id("guid-3")]
    assert image.prompt == {"*": "[image: week1-media/relu.png]"}
    assert (image.type, image.answer) == ("open", {"*": "ReLU"})  # one spelling: self-graded
    first, second = questions[question_id("guid-4", 1)], questions[question_id("guid-4", 2)]
    assert first.prompt == {
        "*": "[optimizer] keeps a per-parameter step [sound: week1-media/beep.mp3];"
        " [...] was published in 2015."
    }
    assert (first.type, first.answer) == ("open", {"*": "Adam"})
    assert first.explanation == {"*": "Kingma & Ba"}
    assert second.prompt["*"].startswith("Adam keeps a [...] step")
    assert (second.answer, second.tags) == ({"*": "per-parameter"}, ("optim",))
    derivative = questions[question_id("guid-5", 1)]
    assert derivative.prompt == {"*": "Its derivative is [...] for x > 0."}
    assert (derivative.type, derivative.answer) == ("text", {"*": ("1", "one")})
    assert (tmp_path / "week1-media" / "relu.png").read_bytes() == PNG
    assert (tmp_path / "week1-media" / "beep.mp3").read_bytes() == MP3
    # The bank loads beside the built-in ones.
    assert quiz("list", "--bank", str(bank)).exit_code == 0


def test_a_second_import_keeps_every_id(genanki_deck, tmp_path):
    out = tmp_path / "course" / "mine.yaml"
    assert quiz("import", "anki", str(genanki_deck), "--out", str(out)).exit_code == 0
    first = out.read_text(encoding="utf-8")
    assert first.startswith("# Imported from week1.apkg by `quiz import anki`")
    assert "bank: mine\ntitle: Course::Week 1\n" in first

    again = quiz("import", "anki", str(genanki_deck), "--out", str(out), "--force")

    assert again.exit_code == 0
    assert out.read_text(encoding="utf-8") == first
    assert [q.id for q in load_file(out).questions][0] == question_id("guid-0")
    assert question_id("guid-0").startswith("anki-") and len(question_id("guid-0")) == 17
    renamed = quiz("import", "anki", str(genanki_deck), "--out", str(out), "--force", "-b", "w1")
    assert renamed.exit_code == 0
    assert {q.bank for q in load_file(out).questions} == {"w1"}


def anki_collection_decks(tmp_path: Path) -> dict[bool, Path]:
    """A deck made by Anki itself (the `anki` package), exported in its newest format
    (collection.anki21b, zstd) and with 'Support older Anki versions' (collection.anki21)."""
    from anki.collection import Collection, ExportAnkiPackageOptions

    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        deck = collection.decks.id("Course::Week 2")
        basic = collection.new_note(collection.models.by_name("Basic"))
        basic["Front"] = 'Which activation is max(0, x)?<br><img src="relu.png">'
        basic["Back"] = "ReLU (rectified linear unit)"
        basic.tags = ["cnn", "Week::Two"]
        collection.add_note(basic, deck)
        cloze = collection.new_note(collection.models.by_name("Cloze"))
        cloze["Text"] = "{{c1::Dropout}} zeroes activations with probability {{c2::p::a letter}}."
        cloze.tags = ["regularization"]
        collection.add_note(cloze, deck)
        collection.media.write_data("relu.png", PNG)
        decks = {}
        for legacy in (False, True):
            out = tmp_path / f"week2-{'legacy' if legacy else 'latest'}.apkg"
            options = ExportAnkiPackageOptions(
                with_scheduling=False, with_media=True, legacy=legacy
            )
            collection.export_anki_package(out_path=str(out), options=options, limit=None)
            decks[legacy] = out
        return decks
    finally:
        collection.close()


@pytest.mark.slow
def test_decks_that_anki_exports_in_either_format_import_alike(tmp_path):
    banks = {}
    for legacy, deck in anki_collection_decks(tmp_path).items():
        with zipfile.ZipFile(deck) as package:
            member = "collection.anki21" if legacy else "collection.anki21b"
            assert member in package.namelist()
        out = tmp_path / f"{deck.stem}.yaml"
        result = quiz("import", "anki", str(deck), "--out", str(out), "--bank", "week2")
        assert result.exit_code == 0, result.output + result.stderr
        checked_clean(out)
        banks[legacy] = {
            q.id: (q.type, q.prompt, q.answer, q.tags) for q in load_file(out).questions
        }
        media = tmp_path / f"{deck.stem}-media" / "relu.png"
        assert media.read_bytes() == PNG  # decompressed from the newest format's zstd

    assert banks[False].keys() == banks[True].keys() and len(banks[False]) == 3
    for qid, (qtype, prompt, answer, tags) in banks[False].items():
        legacy_type, legacy_prompt, legacy_answer, legacy_tags = banks[True][qid]
        assert (qtype, answer, tags) == (legacy_type, legacy_answer, legacy_tags)
        assert prompt["*"].replace("week2-latest", "week2-legacy") == legacy_prompt["*"]
    found = sorted(banks[False].values(), key=lambda q: q[1]["*"])
    assert found[0][0] == "open" and found[0][1]["*"].startswith("Dropout zeroes")
    assert found[0][2] == {"*": "p"} and found[0][3] == ("regularization",)
    assert (
        found[1][1]["*"] == "Which activation is max(0, x)?\n[image: week2-latest-media/relu.png]"
    )
    assert found[1][2] == {"*": ("ReLU (rectified linear unit)", "ReLU", "rectified linear unit")}
    assert found[1][3] == ("cnn", "Week::Two")


# -- what cannot be imported is one line --------------------------------------------------------


def one_line(result, expected: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    assert result.stderr.strip() == expected


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def test_packages_that_are_not_anki_packages_are_named(tmp_path):
    text = tmp_path / "notes.apkg"
    text.write_text("just text")
    one_line(
        quiz("import", "anki", str(text)), f"error: {text}: not an Anki package (not a zip file)"
    )
    empty = zipped(tmp_path / "empty.apkg", {"readme.txt": b"hi"})
    one_line(
        quiz("import", "anki", str(empty)),
        f"error: {empty}: not an Anki package (no collection in it)",
    )
    corrupt = zipped(tmp_path / "corrupt.apkg", {"collection.anki2": b"garbage " * 512})
    one_line(
        quiz("import", "anki", str(corrupt)),
        f"error: {corrupt}: its collection is damaged or not Anki's (file is not a database)",
    )
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    other = zipped(tmp_path / "other.apkg", {"collection.anki2": foreign.read_bytes()})
    one_line(
        quiz("import", "anki", str(other)),
        f"error: {other}: its collection is not an Anki collection",
    )
    broken = zipped(tmp_path / "broken.apkg", {"collection.anki21b": b"\x28\xb5\x2f\xfd junk"})
    result = quiz("import", "anki", str(broken))
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {broken}: damaged package (")
    missing = tmp_path / "missing.apkg"
    one_line(quiz("import", "anki", str(missing)), f"error: {missing}: no such file")
    assert not list(tmp_path.glob("*.yaml"))


def test_a_package_that_unpacks_past_the_cap_is_refused_before_the_disk_fills(
    tmp_path, monkeypatch
):
    """A zip bomb: a few kilobytes that unpack to far more than any deck. The cap is made
    small here so that the test writes little; the package is the same kind of attack."""
    import zstandard

    from quiz import apkg

    monkeypatch.setattr(apkg, "MAX_UNPACKED", 1024 * 1024)
    zeros = b"\0" * (3 * 1024 * 1024)
    bomb = zipped(tmp_path / "bomb.apkg", {"collection.anki2": zeros})
    assert bomb.stat().st_size < 64 * 1024
    one_line(
        quiz("import", "anki", str(bomb)),
        f"error: {bomb}: its collection unpacks to more than 1 MiB: refused (a damaged or"
        " hostile package)",
    )
    packed = zstandard.ZstdCompressor().compress(zeros)
    newest = zipped(tmp_path / "newest.apkg", {"collection.anki21b": packed})
    one_line(
        quiz("import", "anki", str(newest)),
        f"error: {newest}: its collection unpacks to more than 1 MiB: refused (a damaged or"
        " hostile package)",
    )
    assert not list(tmp_path.glob("*.yaml"))


def test_the_newest_format_without_zstandard_says_how_to_export_instead(tmp_path, monkeypatch):
    deck = zipped(tmp_path / "new.apkg", {"collection.anki21b": b"\x28\xb5\x2f\xfd"})
    monkeypatch.setitem(__import__("sys").modules, "zstandard", None)
    one_line(
        quiz("import", "anki", str(deck)),
        f"error: {deck}: written in Anki's newest format (collection.anki21b), which needs the"
        " zstandard package; install it, or export again from Anki with 'Support older Anki"
        " versions' checked",
    )


def test_an_existing_bank_is_replaced_only_with_force(genanki_deck, tmp_path):
    out = tmp_path / "mine.yaml"
    out.write_text("bank: mine\nquestions: []\n")
    one_line(
        quiz("import", "anki", str(genanki_deck), "--out", str(out)),
        f"error: {out}: already exists; choose another --out, or --force to replace it",
    )
    assert out.read_text() == "bank: mine\nquestions: []\n"
    one_line(
        quiz("import", "anki", str(genanki_deck), "--out", str(tmp_path / "mine.txt")),
        f"error: {tmp_path / 'mine.txt'}: a bank file ends in .yaml",
    )
    one_line(
        quiz("import", "anki", str(genanki_deck), "--bank", "no spaces"),
        "error: --bank 'no spaces': a bank id is letters, digits, '-', '_' and '.', starting"
        " with a letter or digit",
    )


def test_a_bank_id_of_a_built_in_bank_is_refused(genanki_deck, tmp_path):
    from quiz.export.anki_import import builtin_bank_ids

    taken = sorted(builtin_bank_ids())
    assert taken, "the built-in banks load"
    one_line(
        quiz(
            "import", "anki", str(genanki_deck), "--bank", taken[0], "-o", str(tmp_path / "x.yaml")
        ),
        f"error: bank id {taken[0]!r} is a built-in bank's; name yours with --bank",
    )


# -- the rules, one by one ----------------------------------------------------------------------


def test_html_becomes_text():
    assert to_text("a<br>b<br/>c") == "a\nb\nc"
    assert to_text("<div>one</div><div>two</div>") == "one\ntwo"
    assert to_text("<ul><li>x</li><li>y</li></ul>") == "- x\n- y"
    assert (
        to_text("&lt;b&gt; &amp; &nbsp;caf&eacute;  <span style='x'>ok</span>") == "<b> & café ok"
    )
    assert to_text('[sound:a b.mp3] <img src="x.png">') == "[sound: a b.mp3] [image: x.png]"
    assert to_text("tab\there\x07") == "tab here"


def test_which_answers_a_text_question_takes():
    assert accepted_spellings("non-maximum suppression (NMS)") == [
        "non-maximum suppression (NMS)",
        "non-maximum suppression",
        "NMS",
    ]
    assert accepted_spellings("ReLU / rectifier") == ["ReLU", "rectifier"]
    assert accepted_spellings("ReLU; rectifier | relu") == ["ReLU", "rectifier"]
    assert accepted_spellings("ReLU") == []  # one spelling: an open question
    assert accepted_spellings("TCP/IP") == []
    assert accepted_spellings("It is 1. (yes)") == []
    assert accepted_spellings("a\nb / c") == []
    assert accepted_spellings("x" * 61 + " / y") == []


def test_tags_ids_and_bank_ids():
    assert bank_tags(("cnn", "a b", "bell\x07", "cnn", "Week::One")) == [
        "cnn",
        "a_b",
        "bell",
        "Week::One",
    ]
    assert question_id("abc") == question_id("abc") != question_id("abd")
    assert question_id("abc", 2).endswith("-c2")
    assert bank_id_from("My Deck (2024)") == "My-Deck-2024-"
    assert bank_id_from("..") == "anki"


def test_media_names_that_lead_out_of_the_folder_are_not_copied(tmp_path, monkeypatch):
    deck = genanki.Deck(2059400112, "Evil")
    deck.add_note(
        genanki.Note(
            model=genanki.BASIC_MODEL,
            fields=['<img src="../escape.png">', "answer text here"],
            guid="e",
        )
    )
    made = tmp_path / "made.apkg"
    genanki.Package(deck).write_to_file(str(made))
    with zipfile.ZipFile(made) as package:
        collection = package.read("collection.anki2")
    media = json.dumps({"0": "../escape.png"}).encode()
    path = zipped(tmp_path / "evil.apkg", {"collection.anki2": collection, "media": media})
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("0", b"payload")
    monkeypatch.chdir(tmp_path)
    result = quiz("import", "anki", str(path))
    assert result.exit_code == 0, result.output + result.stderr
    assert "referenced by name only: ../escape.png" in " ".join(result.output.split())
    assert not (tmp_path / "escape.png").exists() and not (tmp_path / "evil-media").exists()
