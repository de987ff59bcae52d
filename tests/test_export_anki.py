"""quiz.export_anki: packages that a real Anki collection imports, and re-imports as updates."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import genanki
import pytest
from typer.testing import CliRunner

import quiz.cli
from conftest import quiz as run_quiz
from quiz import clock
from quiz.bank.catalog import open_catalog
from quiz.errors import UntrustedSnippet
from quiz.export import anki_progress
from quiz.export.anki import (
    ANKI_REVIEW_NUMBER,
    FIELDS,
    build_package,
    export_anki,
    exported_variants,
)
from quiz.model import pick
from quiz.paths import database_path
from quiz.schedule import params, policy, shuffle
from quiz.snippets.client import Worker
from quiz.store import Store

pytestmark = pytest.mark.slow

WEEK1 = """\
bank: week1
title: {en: Week 1, zh: 第一周}
tags: [course]
questions:
  - id: w1-static
    type: numeric
    prompt:
      en: "A 32×32 input, Conv2d(kernel_size=5). Output width?"
      zh: "32×32 输入，5×5 卷积核，输出宽度？"
    answer: 28
    explanation: {en: "32 − 5 + 1 = 28", zh: "32 − 5 + 1 = 28（无填充）"}
    snippet: {name: conv_out, args: {size: 32, kernel: 5}}
    tags: [cnn, output size]
  - id: w1-choice
    type: choice
    prompt:
      en: "Which optimizer adapts a per-parameter step?"
      zh: "哪个优化器为每个参数自适应步长？"
    choices: [SGD, {en: Momentum, zh: 动量}, {en: Adam, zh: Adam 优化器}]
    answer: C
  - id: w1-drill
    type: numeric
    params: {size: [16, 32, 64], kernel: [1, 3, 5, 7]}
    prompt:
      en: "Input {size}×{size}, kernel {kernel}. Output width?"
      zh: "输入 {size}×{size}，卷积核 {kernel}，输出宽度？"
    answer: snippet
    snippet: conv_out
"""

WEEK2 = """\
bank: week2
title: Week 2
questions:
  - id: w2-text
    type: text
    prompt: {en: "Name the activation max(0, x).", zh: "max(0, x) 是什么激活函数？"}
    answer: {en: ReLU, zh: 线性整流函数}
    explanation: {en: "The rectified linear unit.", zh: "整流线性单元。"}
  - id: w2-broken
    type: numeric
    params: {size: [2, 8, 16]}
    prompt: "Input {size}×{size}, kernel 5. Output width?"
    answer: snippet
    snippet: {name: conv_out, args: {kernel: 5}}
"""

SNIPPET = '''\
"""Output width of an unpadded, stride-1 convolution."""

import torch
from torch import nn


def answer(size=32, kernel=5, *, device="cpu"):
    if size < kernel:
        raise ValueError("the input is smaller than the kernel")
    x = torch.zeros(1, 1, size, size, device=device)
    with torch.no_grad():
        return int(nn.Conv2d(1, 1, kernel, device=device)(x).shape[-1])
'''


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    (folder / "snippets").mkdir(parents=True)
    (folder / "week1.yaml").write_text(WEEK1, encoding="utf-8")
    (folder / "week2.yaml").write_text(WEEK2, encoding="utf-8")
    (folder / "snippets" / "conv_out.py").write_text(SNIPPET, encoding="utf-8")
    return folder


def trust(folder: Path) -> None:
    result = CliRunner().invoke(quiz.cli.app, ["trust", str(folder)])
    assert result.exit_code == 0, result.output


def import_into(collection, package: Path) -> None:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    # Anki's own defaults: update a note only when the package's copy is newer.
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions()
    )
    collection.import_anki_package(request)


def notes_by_id(collection) -> dict[str, list]:
    """Notes of the quiz decks by their Id field (a parametric question has several)."""
    found: dict[str, list] = {}
    for note_id in collection.find_notes('"deck:quiz::*"'):
        note = collection.get_note(note_id)
        found.setdefault(note["Id"], []).append(note)
    return found


def test_a_real_anki_collection_imports_the_export_and_a_reexport_updates_it(
    course, tmp_path, monkeypatch
):
    from anki.collection import Collection

    trust(course)
    catalog, bank_ids = open_catalog([str(course)])
    first = tmp_path / "first.apkg"

    summary = export_anki(catalog, bank_ids, first)

    # 1 static + 1 choice + 3 variants in week1; 1 text + 2 of 3 variants in week2.
    assert (summary.decks, summary.notes, summary.skipped) == (2, 8, 1)
    assert len(summary.failures) == 1
    assert summary.failures[0].startswith("w2-broken#0: snippet conv_out.py ")
    assert "smaller than the kernel" in summary.failures[0]

    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_into(collection, first)
        names = {d.name for d in collection.decks.all_names_and_ids()}
        assert {"quiz::Week 1", "quiz::Week 2"} <= names
        assert not {n for n in names if n.startswith("quiz::")} - {"quiz::Week 1", "quiz::Week 2"}
        assert len(collection.find_notes('"deck:quiz::Week 1"')) == 5
        assert len(collection.find_notes('"deck:quiz::Week 2"')) == 3

        notes = notes_by_id(collection)
        static = notes["w1-static"][0]
        assert static["Prompt"] == "A 32×32 input, Conv2d(kernel_size=5). Output width?"
        assert static["Prompt_zh"] == "32×32 输入，5×5 卷积核，输出宽度？"
        assert static["Answer"] == "28"
        assert static["Explanation_zh"] == "32 − 5 + 1 = 28（无填充）"
        assert static["Code"].startswith("<pre><code>")
        assert 'def answer(size=32, kernel=5, *, device="cpu"):' in static["Code"]
        assert "if size &lt; kernel:" in static["Code"]
        assert static["Variant"] == ""
        assert sorted(static.tags) == ["cnn", "course", "output_size", "week1"]

        choice = notes["w1-choice"][0]
        # The order of the card's first review, where Adam (C in the bank) is shown as B.
        assert choice["Choices"] == (
            '<ol type="A"><li>SGD</li>'
            '<li>Adam<br><span class="zh" lang="zh">Adam 优化器</span></li>'
            '<li>Momentum<br><span class="zh" lang="zh">动量</span></li></ol>'
        )
        assert choice["Answer"] == 'B) Adam<br><span class="zh" lang="zh">B) Adam 优化器</span>'
        assert choice["Code"] == ""

        text = notes["w2-text"][0]
        assert text["Answer"] == 'ReLU<br><span class="zh" lang="zh">线性整流函数</span>'
        assert sorted(text.tags) == ["week2"]

        drill = catalog.questions["w1-drill"]
        expected = set()
        for index in params.sample_indices(drill, 3):
            variant = params.variant_at(drill, index)
            expected.add(
                (
                    f"size={variant['size']}, kernel={variant['kernel']}",
                    f"Input {variant['size']}×{variant['size']}, kernel {variant['kernel']}."
                    " Output width?",
                    str(variant["size"] - variant["kernel"] + 1),
                )
            )
        got = {(n["Variant"], n["Prompt"], n["Answer"]) for n in notes["w1-drill"]}
        assert got == expected and len(notes["w1-drill"]) == 3
        assert all(n["Prompt_zh"].startswith("输入 ") for n in notes["w1-drill"])
        assert {n["Variant"] for n in notes["w2-broken"]} == {"size=8", "size=16"}

        count = collection.note_count()
        # Notes carry their export's time to the second; Anki updates only newer ones.
        stamp = int(time.time())
        while int(time.time()) == stamp:
            time.sleep(0.05)
        bank_file = course / "week1.yaml"
        bank_file.write_text(
            WEEK1.replace('32 − 5 + 1 = 28"', '(32 − 5)/1 + 1 = 28"'), encoding="utf-8"
        )
        catalog, bank_ids = open_catalog([str(course)])
        second = tmp_path / "second.apkg"
        ran = []
        submit = Worker.submit

        def recording_submit(self, snippet, args, **options):
            ran.append(args)
            return submit(self, snippet, args, **options)

        monkeypatch.setattr(Worker, "submit", recording_submit)
        export_anki(catalog, bank_ids, second)
        # The keys proved the first time are cached; only the failing variant runs again.
        assert ran == [{"kernel": 5, "size": 2}]
        import_into(collection, second)

        assert collection.note_count() == count
        assert len(collection.find_notes('"deck:quiz::Week 1"')) == 5
        notes = notes_by_id(collection)
        assert notes["w1-static"][0]["Explanation"] == "(32 − 5)/1 + 1 = 28"
        assert len(notes["w1-drill"]) == 3
    finally:
        collection.close()


def test_an_untrusted_snippet_stops_the_export_before_anything_is_written(course, tmp_path):
    catalog, bank_ids = open_catalog([str(course)])
    out = tmp_path / "out.apkg"

    with pytest.raises(UntrustedSnippet, match="conv_out.py of bank week1 is not trusted"):
        export_anki(catalog, bank_ids, out)

    assert not out.exists()


def test_without_computed_keys_a_package_leaves_out_snippet_keyed_variants(course):
    catalog, bank_ids = open_catalog([str(course)])

    package = build_package(catalog, bank_ids)

    ids = [[note.fields[-1] for note in deck.notes] for deck in package.decks]
    assert ids == [["w1-static", "w1-choice"], ["w2-text"]]
    assert len({deck.deck_id for deck in package.decks}) == 2


def exported_fields(catalog, bank_ids) -> dict[str, dict[str, str]]:
    package = build_package(catalog, bank_ids)
    notes = [note for deck in package.decks for note in deck.notes]
    return {note.fields[-1]: dict(zip(FIELDS, note.fields, strict=True)) for note in notes}


def test_choices_are_exported_in_the_first_reviews_order_with_the_key_lettered_as_shown(
    course,
):
    catalog, bank_ids = open_catalog([str(course)])
    question = catalog.questions["w1-choice"]
    order = shuffle.order(question, ANKI_REVIEW_NUMBER)
    assert order.shuffled  # else this test could not tell the two orders apart

    fields = exported_fields(catalog, bank_ids)["w1-choice"]

    shown = [pick(question.choices[index], "en") for index in order.shown]
    assert fields["Choices"].startswith(f'<ol type="A"><li>{shown[0]}')
    assert [item.split("<")[0] for item in fields["Choices"].split("<li>")[1:]] == shown
    letter = order.shown_letter("C")
    assert fields["Answer"].startswith(f"{letter}) Adam<br>")


def test_a_question_that_opts_out_is_exported_in_the_bank_order(course):
    bank = course / "week1.yaml"
    bank.write_text(
        WEEK1.replace("    answer: C\n", "    answer: C\n    shuffle: false\n"), encoding="utf-8"
    )
    catalog, bank_ids = open_catalog([str(course)])

    fields = exported_fields(catalog, bank_ids)["w1-choice"]

    assert fields["Choices"].startswith('<ol type="A"><li>SGD</li><li>Momentum<br>')
    assert fields["Answer"].startswith("C) Adam<br>")


def test_importing_the_cli_does_not_import_genanki():
    code = "import sys, quiz.cli; print('genanki' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert result.stdout.strip() == "False", result.stderr


CODE_BANK = """\
bank: week4
title: Week 4
questions:
  - id: w4-relu
    type: code
    prompt: "Write relu(x) without torch.relu."
    starter: |
      def relu(x):
          \"\"\"max(0, x), elementwise.\"\"\"
    snippet: relu_reference
    cases:
      - {x: [-1.0, 2.0]}
      - {x: [0.0, -3.0, 4.0]}
    random_cases: 3
  - id: w4-flatten
    type: predict
    prompt: "What does this print?"
    params: {n: [2, 3]}
    code: |
      import torch
      print(torch.zeros({n}, 4, 5, device=device).flatten(1).shape)
  - id: w4-matmul
    type: predict
    prompt: "What does this print?"
    snippet: matmul_mismatch
"""

RELU_REFERENCE = '''\
"""Reference for w4-relu."""

import torch


def answer(x, *, device="cpu"):
    return torch.clamp(x, min=0)


def prepare(case, *, device="cpu"):
    return {"x": torch.tensor(case["x"], device=device)}


def random_case(rng):
    return {"x": [rng.uniform(-5, 5) for _ in range(rng.randint(1, 6))]}
'''

MATMUL_MISMATCH = """\
import torch

print(torch.ones(2, 3) @ torch.ones(2, 3))
"""


def test_code_and_predict_notes_show_their_code_and_the_keys_it_computes(tmp_path):
    from anki.collection import Collection

    folder = tmp_path / "course"
    (folder / "snippets").mkdir(parents=True)
    (folder / "week4.yaml").write_text(CODE_BANK, encoding="utf-8")
    (folder / "snippets" / "relu_reference.py").write_text(RELU_REFERENCE, encoding="utf-8")
    (folder / "snippets" / "matmul_mismatch.py").write_text(MATMUL_MISMATCH, encoding="utf-8")
    trust(folder)
    catalog, bank_ids = open_catalog([str(folder)])
    out = tmp_path / "week4.apkg"

    summary = export_anki(catalog, bank_ids, out)

    assert (summary.notes, summary.skipped, summary.failures) == (4, 0, ())
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_into(collection, out)
        notes = notes_by_id(collection)
    finally:
        collection.close()
    (relu,) = notes["w4-relu"]
    assert relu["Prompt"] == (
        'Write relu(x) without torch.relu.<pre><code>def relu(x):\n    """max(0, x),'
        ' elementwise."""\n</code></pre>'
    )
    assert relu["Answer"] == (
        '<pre><code>def answer(x, *, device="cpu"):\n    return torch.clamp(x, min=0)'
        "</code></pre>Passes the reference's 5 cases (2 fixed, 3 random)."
        '<br><span class="zh" lang="zh">通过参考答案的 5 个测试用例（2 个固定，3 个随机）。</span>'
    )
    assert relu["Code"] == ""
    flatten = {note["Variant"]: note for note in notes["w4-flatten"]}
    assert set(flatten) == {"n=2", "n=3"}
    for n in (2, 3):
        assert flatten[f"n={n}"]["Prompt"] == (
            "What does this print?<pre><code>import torch\n"
            f"print(torch.zeros({n}, 4, 5, device=device).flatten(1).shape)\n</code></pre>"
        )
        assert flatten[f"n={n}"]["Answer"] == f"torch.Size([{n}, 20])"
        assert flatten[f"n={n}"]["Code"] == ""
    (matmul,) = notes["w4-matmul"]
    assert matmul["Prompt"] == (
        "What does this print?<pre><code>import torch\n\n"
        "print(torch.ones(2, 3) @ torch.ones(2, 3))\n</code></pre>"
    )
    assert matmul["Answer"] == "error: RuntimeError"


def test_without_computed_keys_a_code_note_is_made_and_a_predict_note_left_out(tmp_path):
    folder = tmp_path / "course"
    (folder / "snippets").mkdir(parents=True)
    (folder / "week4.yaml").write_text(CODE_BANK, encoding="utf-8")
    (folder / "snippets" / "relu_reference.py").write_text(RELU_REFERENCE, encoding="utf-8")
    (folder / "snippets" / "matmul_mismatch.py").write_text(MATMUL_MISMATCH, encoding="utf-8")
    catalog, bank_ids = open_catalog([str(folder)])

    fields = exported_fields(catalog, bank_ids)

    assert list(fields) == ["w4-relu"]
    assert "return torch.clamp(x, min=0)</code></pre>Passes" in fields["w4-relu"]["Answer"]


# -- with progress: the schedule and the history travel -----------------------------------------

SEVENS = """\
bank: sevens
title: Sevens
questions:
  - {id: p-a, type: numeric, prompt: "A: seven?", answer: 7}
  - {id: p-b, type: numeric, prompt: "B: seven?", answer: 7}
  - {id: p-c, type: numeric, prompt: "C: seven?", answer: 7}
  - {id: p-d, type: numeric, prompt: "D: seven?", answer: 7}
  - {id: p-e, type: numeric, prompt: "E: seven?", answer: 7}
"""
SHOWN = re.compile(
    r"Schedule: \S+ · due (?P<due>\S+) · interval (?P<interval>\d+) d · EF (?P<ef>[\d.]+)"
    r" · repetitions \d+ · lapses (?P<lapses>\d+)"
)


def import_with_progress(collection, package: Path) -> None:
    """As Anki's import dialog does with 'Import any learning progress' checked."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    options = ImportAnkiPackageOptions(with_scheduling=True)
    collection.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(package), options=options)
    )


def shown_schedule(bank: Path, question_id: str) -> dict[str, str] | None:
    """What `quiz show ID` says of the card's schedule (None: new)."""
    result = run_quiz("show", question_id, "--bank", str(bank))
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    if "Schedule: new (never reviewed)" in text:
        return None
    found = SHOWN.search(text)
    assert found, text
    return found.groupdict()


def test_the_schedule_and_history_of_every_card_open_as_they_are_in_quiz(tmp_path):
    from anki.collection import Collection

    bank = tmp_path / "sevens.yaml"
    bank.write_text(SEVENS, encoding="utf-8")
    # Reviews on days before the real today: Anki counts its days by the real clock.
    first = clock.study_day(datetime.now(timezone.utc)) - timedelta(days=40)
    # Per day: the grades given in order (a card graded below 4 comes back as a drill,
    # graded 4 by the answers that follow), ":u" undoing the grade before it.
    days = {
        0: ["4", "5", "2"],
        1: ["4", "3", ":u", "1", "4"],
        2: ["5", "4", "3"],
        7: ["4", "2", "4"],
        9: ["3", "4", "5"],
        16: ["4", "4", "1"],
        30: ["5", "3", "4"],
    }
    for offset, grades in days.items():
        typed = "".join(g + "\n" if g == ":u" else f"7\n{g}\n" for g in grades) + "7\n4\n" * 6
        new = "3" if offset == 0 else "0"
        day = (first + timedelta(days=offset)).isoformat()
        result = run_quiz("review", "--bank", str(bank), "--new", new, input=typed, QUIZ_NOW=day)
        assert result.exit_code == 0, result.output + result.stderr
    assert run_quiz("suspend", "p-e", QUIZ_BANKS=str(bank)).exit_code == 0
    assert run_quiz("suspend", "p-c", QUIZ_BANKS=str(bank)).exit_code == 0
    out = tmp_path / "progress.apkg"

    result = run_quiz("export", "anki", str(out), "--bank", str(bank), "--progress")

    assert result.exit_code == 0, result.output + result.stderr
    store = Store(database_path())
    graded = {qid: anki_progress.graded(store.history(qid)) for qid in ("p-a", "p-b", "p-c")}
    assert any(r.kind == "undo" for r in store.history("p-a") + store.history("p-b"))
    total = sum(len(reviews) for reviews in graded.values())
    assert f"3 notes scheduled, {total} reviews of history" in " ".join(result.output.split())
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_with_progress(collection, out)
        today = clock.study_day(datetime.now(timezone.utc))
        cards = {}
        for card_id in collection.find_cards('"deck:quiz::Sevens"'):
            card = collection.get_card(card_id)
            cards[card.note()["Id"]] = card
        assert sorted(cards) == ["p-a", "p-b", "p-c", "p-d", "p-e"]
        for qid, card in cards.items():
            shown = shown_schedule(bank, qid)
            revlog = collection.db.list(
                "SELECT ease FROM revlog WHERE cid = ? ORDER BY id", card.id
            )
            stored = store.card(qid)
            if qid in ("p-d", "p-e"):  # never reviewed: new in Anki too, suspended or not
                assert stored is None or stored.reviews == 0
                assert (card.type, card.reps, revlog) == (0, 0, [])
                assert card.queue == (-1 if qid == "p-e" else 0)
                continue
            assert shown is not None
            assert (card.type, card.queue) == (2, -1 if qid == "p-c" else 2)
            assert card.reps == stored.reviews == len(graded[qid])
            assert card.lapses == int(shown["lapses"])
            assert card.ivl == int(shown["interval"])
            assert card.factor == round(float(shown["ef"]) * 1000)
            due = today + timedelta(days=card.due - collection.sched.today)
            assert due.isoformat() == shown["due"]
            # One revlog row per graded review (no drill, nothing undone), Anki's buttons.
            assert revlog == [(1, 1, 1, 2, 3, 4)[r.grade] for r in graded[qid]]
    finally:
        collection.close()


def test_a_parametric_question_gives_every_variant_its_schedule_and_the_first_its_history(
    course, tmp_path
):
    import sqlite3
    import zipfile

    trust(course)
    catalog, bank_ids = open_catalog([str(course)])
    store = Store(database_path())
    for day in (date(2026, 11, 1), date(2026, 11, 2)):
        moment = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=12)
        store.record("w1-drill", 4, now=moment, day=day, schedule=policy.apply)
    out = tmp_path / "drill.apkg"

    export_anki(catalog, bank_ids, out, store=store, progress=True, today=date(2026, 11, 3))

    with zipfile.ZipFile(out) as package:
        (tmp_path / "c.anki2").write_bytes(package.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "c.anki2")
    rows = conn.execute(
        "SELECT n.guid, c.type, c.due, c.ivl, (SELECT count(*) FROM revlog r WHERE r.cid = c.id)"
        " FROM cards c JOIN notes n ON n.id = c.nid WHERE n.flds LIKE '%w1-drill'"
    ).fetchall()
    first = genanki.guid_for("w1-drill", exported_variants(catalog.questions["w1-drill"])[0])
    # Created on the first review's day: the card is due 2 + 6 = 8 days after it.
    assert sorted((type_, due, ivl) for _, type_, due, ivl, _ in rows) == [(2, 7, 6)] * 3
    assert {guid: count for guid, *_, count in rows if count} == {first: 2}


def test_fsrs_memory_a_leech_and_a_suspension_reach_anki(tmp_path):
    from anki.collection import Collection

    bank = tmp_path / "two.yaml"
    bank.write_text(
        "bank: two\nquestions:\n"
        "  - {id: t-fsrs, type: numeric, prompt: 'One?', answer: 1}\n"
        "  - {id: t-leech, type: numeric, prompt: 'Two?', answer: 2}\n",
        encoding="utf-8",
    )
    catalog, bank_ids = open_catalog([str(bank)])
    store = Store(database_path())
    fsrs = policy.scheduling(policy.Rules(scheduler="fsrs"))
    first = clock.study_day(datetime.now(timezone.utc)) - timedelta(days=20)
    for offset in range(9):
        day = first + timedelta(days=offset)
        moment = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=12)
        if offset < 2:
            store.record("t-fsrs", 4, now=moment, day=day, schedule=fsrs)
        store.record("t-leech", 1, now=moment, day=day, schedule=policy.apply)
    memory = store.card("t-fsrs")
    assert memory.stability is not None and store.card("t-leech").leech
    out = tmp_path / "two.apkg"

    export_anki(catalog, bank_ids, out, store=store, progress=True)

    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_with_progress(collection, out)
        cards = {}
        for card_id in collection.find_cards('"deck:quiz::two"'):
            card = collection.get_card(card_id)
            cards[card.note()["Id"]] = card
        fsrs_card, leech = cards["t-fsrs"], cards["t-leech"]
        assert fsrs_card.memory_state is not None
        assert round(fsrs_card.memory_state.stability, 3) == round(memory.stability, 3)
        assert round(fsrs_card.memory_state.difficulty, 3) == round(memory.difficulty, 3)
        assert fsrs_card.ivl == (memory.due_day - memory.reviewed_day).days
        assert (leech.queue, leech.lapses, leech.reps) == (-1, 9, 9)
        assert "leech" in leech.note().tags
    finally:
        collection.close()
