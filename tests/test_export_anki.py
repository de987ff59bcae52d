"""quiz.export_anki: packages that a real Anki collection imports, and re-imports as updates."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import quiz.cli
from quiz.bank.catalog import open_catalog
from quiz.errors import UntrustedSnippet
from quiz.export.anki import ANKI_REVIEW_NUMBER, FIELDS, build_package, export_anki
from quiz.model import pick
from quiz.schedule import params, shuffle
from quiz.snippets.client import Worker

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
