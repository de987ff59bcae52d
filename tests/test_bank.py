"""quiz.bank: YAML banks to Question objects, and every refusal naming its file:line."""

from __future__ import annotations

import os
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest

import quiz.bank.catalog
import quiz.bank.yamlsafe
from quiz.bank.catalog import load_catalog, load_file, load_path, open_catalog, snippets_dir
from quiz.bank.validate import placeholders
from quiz.errors import BankError, QuizError
from quiz.model import SnippetRef

# The loader runs on libyaml when PyYAML has it, and libyaml words its syntax errors its own way.
LIBYAML = quiz.bank.yamlsafe._SafeBase.__name__ == "CSafeLoader"


def write(path: Path, text: str) -> Path:
    """Write dedented YAML; the first line of `text` is line 1 of the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(BankError) as info:
        load_file(path)
    return str(info.value)


@pytest.fixture
def builtin_dir(tmp_path, monkeypatch) -> Path:
    """Stand-in built-in banks, so catalog tests do not depend on what ships."""
    folder = tmp_path / "builtin" / "questions"
    write(
        folder / "conv.yaml",
        """\
        bank: conv
        questions:
          - id: conv-1
            type: numeric
            prompt: "32 - 5 + 1?"
            answer: 28
        """,
    )
    monkeypatch.setattr(quiz.bank.catalog, "builtin_questions_dir", lambda: folder)
    return folder


# -- what loads -----------------------------------------------------------------------------

ALL_TYPES = """\
bank: demo
title: {en: Demo bank, zh: 演示题库}
description: One question of each type.
tags: [cnn, demo]
questions:
  - id: num
    type: numeric
    prompt: "A 32×32 input, Conv2d(kernel_size=5). Output width?"
    answer: 28
    tolerance: 0.5
    tags: [output-size, cnn]
  - id: shp
    type: shape
    prompt: Shape of torch.zeros(2, 3).T?
    answer: [3, 2]
  - id: one
    type: choice
    prompt: Which optimizer adapts a per-parameter step?
    choices: [SGD, {en: Momentum, zh: 动量}, Adam]
    answer: c
  - id: many
    type: multi
    prompt: Which layers have no parameters?
    choices: [ReLU, Linear, MaxPool2d, Conv2d]
    answer: [c, A]
  - id: txt
    type: text
    prompt: Which activation is max(0, x)?
    answer: [ReLU, rectified linear unit]
  - id: opn
    type: open
    prompt: Why does ReLU help against vanishing gradients?
    answer: {en: Its derivative is 1 for positive inputs., zh: 正半轴导数恒为 1。}
    explanation: Compare with the sigmoid, whose derivative is at most 0.25.
"""


def test_all_six_types_load(tmp_path):
    path = write(tmp_path / "demo.yaml", ALL_TYPES)
    bank = load_file(path)
    assert bank.id == "demo"
    assert bank.title == {"en": "Demo bank", "zh": "演示题库"}
    assert bank.path == path
    assert bank.tags == ("cnn", "demo")
    assert bank.builtin is False
    num, shp, one, many, txt, opn = bank.questions
    assert [q.type for q in bank.questions] == [
        "numeric",
        "shape",
        "choice",
        "multi",
        "text",
        "open",
    ]
    assert [q.line for q in bank.questions] == [6, 12, 16, 21, 26, 30]
    assert all(q.bank == "demo" and q.file == path for q in bank.questions)

    assert num.answer == 28
    assert num.tolerance == 0.5
    assert num.rel_tol is None
    assert num.prompt == {"*": "A 32×32 input, Conv2d(kernel_size=5). Output width?"}
    # Bank tags first, then the question's own, without repeats.
    assert num.tags == ("cnn", "demo", "output-size")
    assert shp.answer == (3, 2)
    assert shp.tags == ("cnn", "demo")
    assert one.answer == "C"
    assert one.choices == ({"*": "SGD"}, {"en": "Momentum", "zh": "动量"}, {"*": "Adam"})
    assert many.answer == ("A", "C")
    assert txt.answer == {"*": ("ReLU", "rectified linear unit")}
    assert txt.match == "exact"
    assert opn.answer == {
        "en": "Its derivative is 1 for positive inputs.",
        "zh": "正半轴导数恒为 1。",
    }
    assert opn.explanation == {"*": "Compare with the sigmoid, whose derivative is at most 0.25."}
    assert not any(q.parametric for q in bank.questions)


def test_text_fields_are_a_string_or_a_map_of_languages(tmp_path):
    path = write(
        tmp_path / "texts.yaml",
        """\
        questions:
          - id: plain
            type: numeric
            prompt: Output width?
            answer: 28
          - id: both
            type: numeric
            prompt: {en: Output width?, zh: 输出宽度？}
            answer: 28
            explanation:
              en: floor((32 - 5)/1) + 1
              zh: 向下取整后加一
          - id: number-prompt
            type: open
            prompt: 42
            answer: {en: The answer, zh-Hans: 答案}
        """,
    )
    plain, both, number = load_file(path).questions
    assert plain.prompt == {"*": "Output width?"}
    assert plain.languages == set()
    assert plain.explanation == {}
    assert both.prompt == {"en": "Output width?", "zh": "输出宽度？"}
    assert both.languages == {"en", "zh"}
    assert both.explanation == {"en": "floor((32 - 5)/1) + 1", "zh": "向下取整后加一"}
    assert number.prompt == {"*": "42"}
    assert number.answer == {"en": "The answer", "zh-Hans": "答案"}


def test_bank_id_and_title_default_to_the_file_stem(tmp_path):
    path = write(
        tmp_path / "week-3.yaml",
        """\
        questions:
          - id: q1
            type: numeric
            prompt: x?
            answer: 1
        """,
    )
    bank = load_file(path)
    assert bank.id == "week-3"
    assert bank.title == {"*": "week-3"}
    assert bank.questions[0].bank == "week-3"


def test_an_empty_question_list_is_a_bank(tmp_path):
    bank = load_file(write(tmp_path / "empty.yaml", "questions: []\n"))
    assert bank.questions == ()


def test_numeric_keys_and_tolerances_may_use_exponents_without_a_dot(tmp_path):
    # YAML 1.1 (PyYAML) would read 1e-3 as a string; banks are read as YAML 1.2 reads them.
    path = write(
        tmp_path / "exp.yaml",
        """\
        questions:
          - id: lr
            type: numeric
            prompt: Adam's default learning rate?
            answer: 1e-3
            rel_tol: 1e-6
          - id: params
            type: numeric
            prompt: Parameters of ResNet-50?
            answer: 2.56e7
            tolerance: 5e5
          - id: text-stays-text
            type: text
            prompt: Write 1e-3 in words.
            answer: [one thousandth, "1e-3"]
        """,
    )
    lr, params, text = load_file(path).questions
    assert lr.answer == 0.001
    assert lr.rel_tol == 1e-6
    assert params.answer == 25_600_000.0
    assert params.tolerance == 500_000.0
    assert text.answer == {"*": ("one thousandth", "1e-3")}


def test_text_answers_by_language_and_regex(tmp_path):
    path = write(
        tmp_path / "text.yaml",
        """\
        questions:
          - id: act
            type: text
            prompt: Which activation is max(0, x)?
            answer: {en: [ReLU, rectified linear unit], zh: 线性整流函数}
          - id: act-re
            type: text
            prompt: Name it.
            answer: '(leaky )?relu'
            match: regex
          - id: num-text
            type: text
            prompt: How many?
            answer: 3
        """,
    )
    act, act_re, num_text = load_file(path).questions
    assert act.answer == {"en": ("ReLU", "rectified linear unit"), "zh": ("线性整流函数",)}
    assert act_re.answer == {"*": ("(leaky )?relu",)}
    assert act_re.match == "regex"
    assert num_text.answer == {"*": ("3",)}


def test_parametric_questions_and_snippet_references(tmp_path):
    path = write(
        tmp_path / "drill.yaml",
        """\
        questions:
          - id: grid
            type: numeric
            params: {size: [28, 32], kernel: [1, 3, 5]}
            prompt: {en: "Input {size}, kernel {kernel}?", zh: "输入 {size}，卷积核 {kernel}？"}
            answer: snippet
            snippet: conv_output_size
          - id: listed
            type: shape
            variants:
              - {c: 3, h: 32}
              - {c: 64, h: 16}
            prompt: "Shape for {c} channels at {h}?"
            answer: snippet
            snippet: {name: conv_output_shape, args: {batch: 1}}
          - id: fixed
            type: numeric
            prompt: "A literal {brace} in a prompt that is not parametric."
            answer: 28
            snippet: {name: conv_output_size, args: {size: 32, kernel: 5}}
        """,
    )
    grid, listed, fixed = load_file(path).questions
    assert grid.params == {"size": [28, 32], "kernel": [1, 3, 5]}
    assert grid.variants == ()
    assert grid.parametric and grid.key_from_snippet
    assert grid.snippet == SnippetRef("conv_output_size", {})
    assert listed.params == {}
    assert listed.variants == ({"c": 3, "h": 32}, {"c": 64, "h": 16})
    assert listed.answer == "snippet"
    assert listed.snippet == SnippetRef("conv_output_shape", {"batch": 1})
    assert not fixed.parametric
    assert fixed.snippet == SnippetRef("conv_output_size", {"size": 32, "kernel": 5})


def test_renamed_from_is_kept(tmp_path):
    path = write(
        tmp_path / "r.yaml",
        """\
        questions:
          - id: conv-out
            renamed_from: [conv-output, conv-1]
            type: numeric
            prompt: x?
            answer: 1
        """,
    )
    assert load_file(path).questions[0].renamed_from == ("conv-output", "conv-1")


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfquestions:\n  - {id: q1, type: numeric, prompt: x, answer: 1}\n")
    assert load_file(path).questions[0].id == "q1"


def test_placeholders():
    assert placeholders("Input {size}×{size}, kernel {kernel}") == {"size", "kernel"}
    assert placeholders("{{literal}} braces") == set()
    assert placeholders("unbalanced {") == set()


# -- directory banks ------------------------------------------------------------------------


def question_yaml(bank: str | None, *ids: str) -> str:
    head = f"bank: {bank}\n" if bank else ""
    body = "".join(
        f"  - id: {qid}\n    type: numeric\n    prompt: x?\n    answer: 1\n" for qid in ids
    )
    return head + "questions:\n" + body


def test_files_sharing_a_bank_id_merge_in_file_order(tmp_path):
    course = tmp_path / "course"
    write(course / "b-week2.yaml", question_yaml("course", "w2-a"))
    write(course / "a-week1.yaml", question_yaml("course", "w1-a", "w1-b"))
    write(course / "sub" / "c-week3.yml", question_yaml("course", "w3-a"))
    write(course / "notes.md", "not a bank: {")
    banks = load_path(course)
    assert [b.id for b in banks] == ["course"]
    assert [q.id for q in banks[0].questions] == ["w1-a", "w1-b", "w2-a", "w3-a"]
    assert banks[0].path == course / "a-week1.yaml"
    assert [q.file.name for q in banks[0].questions] == [
        "a-week1.yaml",
        "a-week1.yaml",
        "b-week2.yaml",
        "c-week3.yml",
    ]


def test_files_with_different_bank_ids_stay_separate_banks(tmp_path):
    course = tmp_path / "course"
    write(course / "conv.yaml", question_yaml(None, "c1"))
    write(course / "pool.yaml", question_yaml(None, "p1", "p2"))
    write(course / "z-more-pools.yaml", question_yaml("pool", "p3"))
    banks = load_path(course)
    assert {b.id: [q.id for q in b.questions] for b in banks} == {
        "conv": ["c1"],
        "pool": ["p1", "p2", "p3"],
    }


def test_hidden_folders_inside_a_bank_folder_are_not_banks(tmp_path):
    course = tmp_path / "course"
    write(course / "week1.yaml", question_yaml(None, "q1"))
    write(course / ".github" / "workflows" / "ci.yml", "name: ci\non: [push]\n")
    write(course / ".venv" / "lib" / "x.yaml", "not: a bank\n")
    assert [b.id for b in load_path(course)] == ["week1"]


def test_a_file_bank_path_loads_that_file(tmp_path):
    path = write(tmp_path / "one.yaml", question_yaml(None, "q1"))
    banks = load_path(path, builtin=True)
    assert [b.id for b in banks] == ["one"]
    assert banks[0].builtin is True


# -- where snippets live --------------------------------------------------------------------


def test_snippets_beside_the_bank(tmp_path):
    (tmp_path / "course" / "snippets").mkdir(parents=True)
    (tmp_path / "snippets").mkdir()
    bank = load_file(write(tmp_path / "course" / "week3.yaml", question_yaml(None, "q1")))
    assert bank.snippets_dir == (tmp_path / "course" / "snippets").resolve()


def test_snippets_in_the_folder_above(tmp_path):
    (tmp_path / "snippets").mkdir()
    bank = load_file(write(tmp_path / "questions" / "conv.yaml", question_yaml(None, "q1")))
    assert bank.snippets_dir == (tmp_path / "snippets").resolve()


def test_snippets_dir_named_by_the_bank_is_relative_to_the_bank_file(tmp_path):
    (tmp_path / "course" / "snippets").mkdir(parents=True)
    path = write(
        tmp_path / "course" / "week3.yaml",
        "snippets_dir: proofs/code\n" + question_yaml(None, "q1"),
    )
    assert load_file(path).snippets_dir == (tmp_path / "course" / "proofs" / "code").resolve()


def test_snippets_dir_may_name_the_snippets_folder_above(tmp_path):
    path = write(
        tmp_path / "questions" / "conv.yaml",
        "snippets_dir: ../snippets\n" + question_yaml(None, "q"),
    )
    assert load_file(path).snippets_dir == (tmp_path / "snippets").resolve()


@pytest.mark.parametrize("configured", ["../shared/code", "../..", "/etc"])
def test_snippets_dir_out_of_the_bank_folder_is_refused(tmp_path, configured):
    path = write(
        tmp_path / "course" / "week3.yaml",
        f"snippets_dir: {configured}\n" + question_yaml(None, "q1"),
    )
    folder = (path.parent / configured).resolve()
    with pytest.raises(BankError) as raised:
        load_file(path)
    assert str(raised.value) == (
        f"{path}:1: snippets folder {folder} is outside the bank's folder"
        f" {path.parent.resolve()}; a bank's snippets must be in a folder inside it, or in"
        " ../snippets"
    )


def test_snippets_default_beside_the_bank_when_none_exist(tmp_path):
    bank = load_file(write(tmp_path / "course" / "week3.yaml", question_yaml(None, "q1")))
    assert bank.snippets_dir == (tmp_path / "course" / "snippets").resolve()


def test_snippets_dir_function_directly(tmp_path):
    bank_file = tmp_path / "course" / "week3.yaml"
    (tmp_path / "snippets").mkdir()
    assert snippets_dir(bank_file) == (tmp_path / "snippets").resolve()
    assert snippets_dir(bank_file, "code") == (tmp_path / "course" / "code").resolve()


def test_merged_directory_bank_uses_the_first_files_snippets(tmp_path):
    course = tmp_path / "course"
    (course / "snippets").mkdir(parents=True)
    write(course / "a.yaml", question_yaml("course", "q1"))
    write(course / "b.yaml", "snippets_dir: elsewhere\n" + question_yaml("course", "q2"))
    (bank,) = load_path(course)
    assert bank.snippets_dir == (course / "snippets").resolve()


# -- catalogs, QUIZ_BANKS and --bank --------------------------------------------------------


def test_load_catalog_without_builtins(tmp_path):
    a = write(tmp_path / "a.yaml", question_yaml(None, "a1", "a2"))
    b = write(tmp_path / "b.yaml", question_yaml(None, "b1"))
    catalog = load_catalog([a, b], builtin=False)
    assert [bank.id for bank in catalog.banks] == ["a", "b"]
    assert list(catalog.questions) == ["a1", "a2", "b1"]
    assert catalog.bank("b").questions[0] is catalog.questions["b1"]
    assert catalog.bank("nope") is None
    assert catalog.by_source == {a.resolve(): ["a"], b.resolve(): ["b"]}


def test_load_catalog_includes_the_builtin_banks(builtin_dir, tmp_path):
    a = write(tmp_path / "a.yaml", question_yaml(None, "a1"))
    catalog = load_catalog([a])
    assert [(bank.id, bank.builtin) for bank in catalog.banks] == [("conv", True), ("a", False)]


def test_the_shipped_builtin_banks_load():
    catalog = load_catalog()
    assert catalog.banks
    assert all(bank.builtin for bank in catalog.banks)
    assert len(catalog.questions) == sum(len(bank.questions) for bank in catalog.banks)


def test_quiz_banks_adds_banks_to_every_catalog(tmp_path, monkeypatch, builtin_dir):
    a = write(tmp_path / "a.yaml", question_yaml(None, "a1"))
    course = tmp_path / "course"
    write(course / "w1.yaml", question_yaml("course", "c1"))
    write(course / "w2.yaml", question_yaml("course", "c2"))
    monkeypatch.setenv("QUIZ_BANKS", f"{a}{os.pathsep}{os.pathsep} {os.pathsep}{course}")
    catalog = load_catalog()
    assert [bank.id for bank in catalog.banks] == ["conv", "a", "course"]
    assert list(catalog.questions) == ["conv-1", "a1", "c1", "c2"]
    assert catalog.bank("course").builtin is False


def test_quiz_banks_path_given_again_loads_once(tmp_path, monkeypatch):
    a = write(tmp_path / "a.yaml", question_yaml(None, "a1"))
    monkeypatch.setenv("QUIZ_BANKS", str(a))
    catalog = load_catalog([tmp_path / "." / "a.yaml"], builtin=False)
    assert [bank.id for bank in catalog.banks] == ["a"]


def test_quiz_banks_path_that_does_not_exist(tmp_path, monkeypatch):
    missing = tmp_path / "gone"
    monkeypatch.setenv("QUIZ_BANKS", str(missing))
    with pytest.raises(BankError) as info:
        load_catalog(builtin=False)
    assert str(info.value) == f"{missing}: bank path does not exist"


def test_open_catalog_without_bank_arguments_selects_everything(builtin_dir):
    catalog, selected = open_catalog()
    assert selected is None
    assert [bank.id for bank in catalog.banks] == ["conv"]


def test_open_catalog_reads_a_bank_argument_as_an_id(builtin_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_BANKS", str(write(tmp_path / "extra.yaml", question_yaml(None, "x"))))
    catalog, selected = open_catalog(["extra", "conv"])
    assert selected == ["extra", "conv"]
    assert [bank.id for bank in catalog.banks] == ["conv", "extra"]


def test_open_catalog_reads_an_existing_path_as_a_path(builtin_dir, tmp_path, monkeypatch):
    course = tmp_path / "course"
    write(course / "conv2.yaml", question_yaml(None, "c2"))
    write(course / "pool.yaml", question_yaml(None, "p1"))
    monkeypatch.chdir(tmp_path)
    catalog, selected = open_catalog(["course"])
    assert selected == ["conv2", "pool"]
    assert [bank.id for bank in catalog.banks] == ["conv", "conv2", "pool"]
    _, selected = open_catalog(["course/pool.yaml", "conv"])
    assert selected == ["pool", "conv"]


def test_open_catalog_unknown_bank_id(builtin_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_BANKS", str(write(tmp_path / "extra.yaml", question_yaml(None, "x"))))
    with pytest.raises(BankError) as info:
        open_catalog(["cnov"])
    assert str(info.value) == "unknown bank 'cnov' (loaded banks: conv, extra)"


def test_open_catalog_unknown_bank_id_with_no_banks(tmp_path, monkeypatch):
    empty = tmp_path / "no-banks"
    empty.mkdir()
    monkeypatch.setattr(quiz.bank.catalog, "builtin_questions_dir", lambda: empty)
    with pytest.raises(BankError) as info:
        open_catalog(["conv"])
    assert str(info.value) == "unknown bank 'conv' (loaded banks: none)"


@pytest.mark.parametrize("value", ["nope/week3.yaml", "week3.yaml", "week3.yml", "nope/"])
def test_open_catalog_missing_path(builtin_dir, tmp_path, monkeypatch, value):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BankError) as info:
        open_catalog([value])
    assert str(info.value) == f"{value}: bank path does not exist"


def test_load_path_that_does_not_exist(tmp_path):
    missing = tmp_path / "missing.yaml"
    with pytest.raises(BankError) as info:
        load_path(missing)
    assert str(info.value) == f"{missing}: bank path does not exist"


def test_the_same_bank_id_from_two_sources(tmp_path):
    a = write(tmp_path / "one" / "conv.yaml", question_yaml(None, "a1"))
    b = write(tmp_path / "two" / "conv.yaml", question_yaml(None, "b1"))
    with pytest.raises(BankError) as info:
        load_catalog([a, b], builtin=False)
    assert str(info.value) == f"{b}:1: bank id 'conv' is already loaded from {a}"


def test_bank_errors_are_quiz_errors():
    assert issubclass(BankError, QuizError)


# -- refusals: YAML itself ------------------------------------------------------------------


def test_refuses_a_duplicate_key_in_a_mapping(tmp_path):
    path = write(
        tmp_path / "dup.yaml",
        """\
        questions:
          - id: q1
            type: numeric
            prompt: x?
            answer: 28
            answer: 29
        """,
    )
    assert refusal(path) == f"{path}:6:5: duplicate key 'answer' (first at line 5)"


def test_refuses_a_duplicate_key_at_the_top(tmp_path):
    path = write(tmp_path / "dup.yaml", "bank: a\nquestions: []\nbank: b\n")
    assert refusal(path) == f"{path}:3:1: duplicate key 'bank' (first at line 1)"


def test_refuses_a_yaml_syntax_error_with_line_and_column(tmp_path):
    path = write(
        tmp_path / "syntax.yaml",
        """\
        questions:
          - id: q1
            type: numeric
            prompt: Output width: what is it?
            answer: 28
        """,
    )
    problem = (
        "mapping values are not allowed in this context"
        if LIBYAML
        else "mapping values are not allowed here"
    )
    assert refusal(path) == f"{path}:4:25: {problem}"


def test_refuses_an_unterminated_quote(tmp_path):
    path = write(tmp_path / "quote.yaml", "questions:\n  - id: 'q1\n")
    assert refusal(path) == f"{path}:3:1: found unexpected end of stream"


def test_refuses_python_tags(tmp_path):
    path = write(
        tmp_path / "evil.yaml",
        """\
        questions:
          - id: q1
            type: numeric
            prompt: x?
            answer: !!python/object/apply:os.system ["touch pwned"]
        """,
    )
    assert refusal(path) == (
        f"{path}:5:13: a !!python tag would run code: banks are plain data, loaded safely"
    )
    assert not (tmp_path / "pwned").exists()
    assert not Path("pwned").exists()


def test_refuses_python_object_tag(tmp_path):
    path = write(tmp_path / "evil.yaml", "bank: !!python/object:os.system x\nquestions: []\n")
    assert refusal(path) == (
        f"{path}:1:7: a !!python tag would run code: banks are plain data, loaded safely"
    )


def test_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    raw = "questions:\n  - id: q1\n    prompt: café\n".encode("latin-1")
    path.write_bytes(raw)
    offset = raw.index("é".encode("latin-1"))
    assert refusal(path) == f"{path}:3:16: not UTF-8 text (byte {offset})"


def test_refuses_a_file_that_is_too_large(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (4 * 1024 * 1024))
    assert refusal(path) == (
        f"{path}: 4.0 MiB is too large for a bank (limit 2 MiB); split it into several files"
    )


def test_refuses_a_file_it_cannot_read(tmp_path):
    missing = tmp_path / "missing.yaml"
    assert refusal(missing) == f"{missing}: cannot read bank (No such file or directory)"


@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a\n- b\n", "just text\n"])
def test_refuses_a_document_that_is_not_a_mapping(tmp_path, text):
    path = tmp_path / "flat.yaml"
    path.write_text(text, encoding="utf-8")
    assert refusal(path) == f"{path}:1: a bank must be a mapping with a 'questions' list"


def test_refuses_an_unhashable_key(tmp_path):
    path = write(tmp_path / "key.yaml", "questions: []\n[a, b]: 1\n")
    assert refusal(path) == f"{path}:2:1: a mapping key must be a plain value"


# -- refusals: the bank ---------------------------------------------------------------------


def test_refuses_an_unknown_bank_key_with_a_suggestion(tmp_path):
    path = write(tmp_path / "b.yaml", "bank: demo\ntitel: Demo\nquestions: []\n")
    assert refusal(path) == f"{path}:2: unknown key 'titel'; did you mean 'title'?"


def test_refuses_questions_that_are_not_a_list(tmp_path):
    path = write(tmp_path / "b.yaml", "bank: demo\nquestions:\n  q1: x\n")
    assert refusal(path) == f"{path}:3: 'questions' must be a list of questions"
    path = write(tmp_path / "c.yaml", "bank: demo\n")
    assert refusal(path) == f"{path}:1: 'questions' must be a list of questions"


def test_refuses_a_bank_id_that_is_not_a_word(tmp_path):
    path = write(tmp_path / "b.yaml", "title: x\nbank: my bank\nquestions: []\n")
    assert refusal(path) == f"{path}:2: bank id must be a word like 'conv'"


def test_refuses_bank_tags_that_are_not_strings(tmp_path):
    path = write(tmp_path / "b.yaml", "tags: cnn\nquestions: []\n")
    assert refusal(path) == f"{path}:1: 'tags' must be a list of strings"


def test_refuses_a_question_that_is_not_a_mapping(tmp_path):
    path = write(tmp_path / "b.yaml", "questions:\n  - just a string\n")
    assert refusal(path) == (
        f"{path}:2: each question must be a mapping (id: ..., type: ..., prompt: ...)"
    )


def test_refuses_an_invalid_title_language(tmp_path):
    path = write(tmp_path / "b.yaml", "title: {English: Demo}\nquestions: []\n")
    assert refusal(path) == f"{path}:1: 'title' language 'English' must be a code such as en or zh"


# -- refusals: one question -----------------------------------------------------------------

QUESTION_HEAD = """\
bank: demo
questions:
  - id: q1
"""


def bank_with(tmp_path: Path, body: str) -> Path:
    """A bank whose question q1 starts on line 3; `body` goes from line 4 on."""
    return write(
        tmp_path / "demo.yaml", QUESTION_HEAD + textwrap.indent(textwrap.dedent(body), "    ")
    )


def test_refuses_an_unknown_question_key_with_a_suggestion(tmp_path):
    path = bank_with(
        tmp_path,
        """\
        type: numeric
        prompt: x?
        anwser: 28
        """,
    )
    assert refusal(path) == f"{path}:6: unknown key 'anwser'; did you mean 'answer'? [q1]"


def test_refuses_an_unknown_question_key_without_a_near_match(tmp_path):
    path = bank_with(tmp_path, "type: numeric\nprompt: x?\nanswer: 28\ncolour: red\n")
    assert refusal(path) == f"{path}:7: unknown key 'colour' [q1]"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("type: numeric\nprompt: x?\n", "3: missing 'answer' [q1]"),
        ("type: numeric\nanswer: 28\n", "3: missing 'prompt' [q1]"),
        (
            "type: number\nprompt: x?\nanswer: 28\n",
            "4: 'type' must be one of numeric, shape, choice, multi, text, open, code, predict"
            " [q1]",
        ),
        (
            "prompt: x?\nanswer: 28\n",
            "3: 'type' must be one of numeric, shape, choice, multi, text, open, code, predict"
            " [q1]",
        ),
        (
            "type: choice\nprompt: x?\nchoices: [SGD, Adam, Momentum]\nanswer: E\n",
            "7: answer E is out of range: choices are A..C [q1]",
        ),
        (
            "type: choice\nprompt: x?\nchoices: [SGD, Adam, Momentum]\nanswer: d\n",
            "7: answer D is out of range: choices are A..C [q1]",
        ),
        (
            "type: choice\nprompt: x?\nchoices: [SGD, Adam]\nanswer: AB\n",
            "7: answer 'AB' must be a choice letter such as A [q1]",
        ),
        (
            "type: choice\nprompt: x?\nchoices: [SGD, Adam]\nanswer: 1\n",
            "7: answer 1 must be a choice letter such as A [q1]",
        ),
        (
            "type: multi\nprompt: x?\nchoices: [SGD, Adam]\nanswer: [A, C]\n",
            "7: answer C is out of range: choices are A..B [q1]",
        ),
        (
            "type: multi\nprompt: x?\nchoices: [SGD, Adam]\nanswer: [A, a]\n",
            "7: a multi answer lists a letter twice [q1]",
        ),
        (
            "type: multi\nprompt: x?\nchoices: [SGD, Adam]\nanswer: []\n",
            "7: a multi answer must be a list of letters such as [A, C] [q1]",
        ),
        (
            "type: choice\nprompt: x?\nchoices: [SGD]\nanswer: A\n",
            "6: a choice question needs 'choices': a list of 2 or more [q1]",
        ),
        (
            "type: multi\nprompt: x?\nanswer: [A]\n",
            "3: a multi question needs 'choices': a list of 2 or more [q1]",
        ),
        (
            "type: numeric\nprompt: x?\nchoices: [a, b]\nanswer: 1\n",
            "6: 'choices' only belongs to choice and multi questions, not numeric [q1]",
        ),
        (
            "type: numeric\nprompt: x?\nanswer: twenty-eight\n",
            "6: a numeric answer must be a number (or 'snippet') [q1]",
        ),
        (
            "type: numeric\nprompt: x?\nanswer: '28'\n",
            "6: a numeric answer must be a number (or 'snippet') [q1]",
        ),
        (
            "type: numeric\nprompt: x?\nanswer: true\n",
            "6: a numeric answer must be a number (or 'snippet') [q1]",
        ),
        (
            "type: numeric\nprompt: x?\nanswer: snippet\n",
            "6: 'answer: snippet' needs a 'snippet' to compute the key [q1]",
        ),
        (
            "type: shape\nprompt: x?\nanswer: (1, 64)\n",
            "6: a shape answer must be a list of non-negative integers [q1]",
        ),
        (
            "type: shape\nprompt: x?\nanswer: [1, -3]\n",
            "6: a shape answer must be a list of non-negative integers [q1]",
        ),
        (
            "type: shape\nprompt: x?\nanswer: [1, 2.5]\n",
            "6: a shape answer must be a list of non-negative integers [q1]",
        ),
        (
            "type: text\nprompt: x?\nmatch: regex\nanswer: '(relu'\n",
            "7: invalid regex '(relu': missing ), unterminated subpattern at position 0 [q1]",
        ),
        (
            "type: text\nprompt: x?\nmatch: glob\nanswer: relu\n",
            "6: 'match' must be 'exact' or 'regex' [q1]",
        ),
        (
            "type: numeric\nprompt: x?\nmatch: regex\nanswer: 1\n",
            "6: 'match' only belongs to text questions [q1]",
        ),
        (
            "type: text\nprompt: x?\nanswer: []\n",
            "6: a text answer must be a string or a list of strings [q1]",
        ),
        (
            "type: text\nprompt: x?\nanswer: {english: relu}\n",
            "6: language 'english' must be a code such as en or zh [q1]",
        ),
        (
            "type: numeric\nprompt: x?\nanswer: 1\ntolerance: -0.1\n",
            "7: 'tolerance' must be a number of 0 or more [q1]",
        ),
        (
            "type: numeric\nprompt: x?\nanswer: 1\nrel_tol: a lot\n",
            "7: 'rel_tol' must be a number of 0 or more [q1]",
        ),
        (
            "type: shape\nprompt: x?\nanswer: [1]\ntolerance: 1\n",
            "7: 'tolerance' only belongs to numeric, code and predict questions [q1]",
        ),
        ("type: numeric\nprompt: '  '\nanswer: 1\n", "5: 'prompt' is empty [q1]"),
        (
            "type: numeric\nprompt: [a, b]\nanswer: 1\n",
            "5: 'prompt' must be a string or a map of language to string (en: ..., zh: ...) [q1]",
        ),
        (
            "type: numeric\nprompt: {en: [a]}\nanswer: 1\n",
            "5: 'prompt' (en) must be a string [q1]",
        ),
        (
            "type: numeric\nprompt: x?\nanswer: 1\ntags: [a, 3]\n",
            "7: 'tags' must be a list of strings [q1]",
        ),
    ],
)
def test_refuses_a_bad_question(tmp_path, body, message):
    path = bank_with(tmp_path, body)
    assert refusal(path) == f"{path}:{message}"


def test_refuses_a_question_without_a_usable_id(tmp_path):
    path = write(
        tmp_path / "b.yaml", "questions:\n  - type: numeric\n    prompt: x\n    answer: 1\n"
    )
    expected = "question needs an 'id' made of letters, digits, '-', '_' or '.'"
    assert refusal(path) == f"{path}:2: {expected}"
    path = write(tmp_path / "c.yaml", "questions:\n  - type: numeric\n    id: 'a b'\n")
    assert refusal(path) == f"{path}:3: {expected}"


@pytest.mark.parametrize(
    ("snippet", "name"),
    [
        ("../evil", "../evil"),
        ("sub/conv", "sub/conv"),
        ("/etc/passwd", "/etc/passwd"),
        ("{name: ../../x}", "../../x"),
        ("{name: 'a\\b'}", "a\\b"),
        ("conv.py", "conv.py"),
        ("{args: {size: 3}}", None),
    ],
)
def test_refuses_a_snippet_name_that_is_a_path(tmp_path, snippet, name):
    path = bank_with(tmp_path, f"type: numeric\nprompt: x?\nanswer: 1\nsnippet: {snippet}\n")
    assert refusal(path) == (
        f"{path}:7: snippet name {name!r} must be a file stem in the bank's snippets folder"
        " (no paths) [q1]"
    )


def test_refuses_bad_snippet_keys_and_args(tmp_path):
    path = bank_with(
        tmp_path, "type: numeric\nprompt: x?\nanswer: 1\nsnippet: {name: a, arg: {}}\n"
    )
    assert refusal(path) == f"{path}:7: unknown key 'arg' in 'snippet' (name, args) [q1]"
    path = bank_with(
        tmp_path, "type: numeric\nprompt: x?\nanswer: 1\nsnippet: {name: a, args: [1]}\n"
    )
    assert refusal(path) == f"{path}:7: snippet 'args' must be a mapping of names to values [q1]"


def test_refuses_a_placeholder_that_is_not_a_param(tmp_path):
    path = bank_with(
        tmp_path,
        """\
        type: numeric
        params: {size: [28, 32]}
        prompt: "Input {size}, kernel {kernel}?"
        answer: snippet
        snippet: conv_output_size
        """,
    )
    assert refusal(path) == f"{path}:6: prompt uses {{kernel}}, which is not a param [q1]"


def test_refuses_a_placeholder_that_is_not_a_param_in_one_language(tmp_path):
    path = bank_with(
        tmp_path,
        """\
        type: numeric
        variants: [{size: 28}, {size: 32}]
        prompt:
          en: "Input {size}?"
          zh: "输入 {szie}？"
        answer: snippet
        snippet: conv_output_size
        """,
    )
    assert refusal(path) == f"{path}:8: prompt (zh) uses {{szie}}, which is not a param [q1]"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("params: []", "5: 'params' must map each name to a list of values [q1]"),
        ("params: {size: 28}", "5: param 'size' needs a non-empty list of values [q1]"),
        ("params: {size: []}", "5: param 'size' needs a non-empty list of values [q1]"),
        ("params: {2d: [1]}", "5: param name '2d' must be an identifier [q1]"),
        ("variants: []", "5: 'variants' must be a non-empty list of mappings [q1]"),
        ("variants: [28, 32]", "5: each variant must be a mapping of param values [q1]"),
        (
            "params: {size: [1]}\nvariants: [{size: 1}]",
            "6: use either 'params' (a grid) or 'variants' (a list), not both [q1]",
        ),
    ],
)
def test_refuses_bad_params_and_variants(tmp_path, params, message):
    path = bank_with(
        tmp_path, f"type: numeric\n{params}\nprompt: x?\nanswer: snippet\nsnippet: conv\n"
    )
    assert refusal(path) == f"{path}:{message}"


def test_refuses_a_duplicate_id_within_a_bank(tmp_path):
    path = write(
        tmp_path / "dup.yaml",
        """\
        questions:
          - id: q1
            type: numeric
            prompt: x?
            answer: 1
          - id: q2
            type: numeric
            prompt: y?
            answer: 2
          - id: q1
            type: numeric
            prompt: z?
            answer: 3
        """,
    )
    assert refusal(path) == f"{path}:10: duplicate question id, first defined at line 2 [q1]"


def test_refuses_a_duplicate_id_across_banks(tmp_path):
    a = write(tmp_path / "a.yaml", question_yaml(None, "a1", "shared"))
    b = write(tmp_path / "b.yaml", question_yaml(None, "b1", "b2", "shared"))
    with pytest.raises(BankError) as info:
        load_catalog([a, b], builtin=False)
    assert str(info.value) == (f"{b}:10: duplicate question id, first defined at {a}:6 [shared]")


def test_refuses_a_duplicate_id_across_the_files_of_one_directory_bank(tmp_path):
    course = tmp_path / "course"
    a = write(course / "a.yaml", question_yaml("course", "q1"))
    b = write(course / "b.yaml", question_yaml("course", "q2", "q1"))
    with pytest.raises(BankError) as info:
        load_catalog([course], builtin=False)
    assert str(info.value) == f"{b}:7: duplicate question id, first defined at {a}:3 [q1]"


def test_refuses_a_duplicate_id_between_quiz_banks_and_a_path(tmp_path, monkeypatch):
    a = write(tmp_path / "a.yaml", question_yaml(None, "q1"))
    b = write(tmp_path / "b.yaml", question_yaml(None, "q1"))
    monkeypatch.setenv("QUIZ_BANKS", str(a))
    with pytest.raises(BankError) as info:
        load_catalog([b], builtin=False)
    assert str(info.value) == f"{b}:2: duplicate question id, first defined at {a}:2 [q1]"


def test_a_path_already_loaded_is_selected_not_loaded_twice(tmp_path, monkeypatch):
    from quiz.paths import builtin_questions_dir

    builtin_file = next(builtin_questions_dir().glob("*.yaml"))
    catalog, selected = open_catalog([str(builtin_file)])
    assert selected == [load_file(builtin_file).id]
    course = tmp_path / "course"
    course.mkdir()
    (course / "week3.yaml").write_text(
        "questions:\n- {id: w3, type: numeric, prompt: p, answer: 1}\n"
    )
    monkeypatch.setenv("QUIZ_BANKS", str(course))
    catalog, selected = open_catalog([str(course / "week3.yaml")])
    assert selected == ["week3"] and "w3" in catalog.questions


def test_a_cached_bank_loads_without_the_yaml_reader(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "lists.yaml"
    path.write_text(
        "questions:\n- id: q\n  type: numeric\n  prompt: 'Box {box}?'\n  answer: snippet\n"
        "  params: {box: [[0, 0, 2, 2], [1, 1, 3, 3]]}\n"
        "  snippet: {name: iou, args: {other: [0, 0, 1, 1]}}\n"
    )
    code = (
        "import sys; from pathlib import Path; from quiz.bank.catalog import load_file;"
        f" load_file(Path({str(path)!r})); print('yaml' in sys.modules)"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (first.stdout.strip(), again.stdout.strip()) == ("True", "False"), again.stderr


def test_a_cached_bank_builds_only_the_questions_a_session_shows(tmp_path):
    from quiz.store import Store
    from quiz.study.session import Session

    lines = ["bank: big", "questions:"]
    for n in range(60):
        tags = "[odd]" if n % 2 else "[even]"
        lines.append(
            f"  - {{id: q{n}, type: numeric, prompt: 'n={n}?', answer: {n}, tags: {tags}}}"
        )
    path = write(tmp_path / "big.yaml", "\n".join(lines) + "\n")
    fresh = load_file(path)  # parsed, and put in the bank cache
    assert fresh.questions.built == 60

    catalog = load_catalog([path], builtin=False)
    cached = catalog.bank("big").questions
    assert cached.built == 0 and len(catalog.questions) == 60
    odd = catalog.select(["big"], ["odd"])
    assert odd.ids == tuple(f"q{n}" for n in range(1, 60, 2))
    assert odd.tags == (("odd",),) * 30
    assert cached.built == 0 and odd.built == 0

    store = Store(tmp_path / "quiz.db")
    session = Session(store, odd, today=date(2026, 1, 5), clock=datetime.now, new_limit=5)
    assert [item.question.id for item in session.queue] == ["q1", "q3", "q5", "q7", "q9"]
    assert odd.built == 5
    assert catalog.questions["q7"] == fresh.questions[7]
    assert cached.built == 1
    assert list(catalog.bank("big").questions) == list(fresh.questions)
    store.close()


def test_the_bank_cache_keeps_every_field_of_every_question(tmp_path):
    import pickle

    from quiz.model import QuestionList

    builtin = load_path(quiz.bank.catalog.builtin_questions_dir(), builtin=True)
    for bank in builtin:
        again = pickle.loads(pickle.dumps(bank))
        assert isinstance(again.questions, QuestionList) and again.questions.built == 0
        assert again.questions.ids == bank.questions.ids
        assert again.questions.renamed == bank.questions.renamed
        assert again == bank


def test_a_cache_entry_from_another_shape_of_question_is_not_read(tmp_path, monkeypatch):
    from quiz.bank import cache as bankcache

    path = write(tmp_path / "b.yaml", question_yaml(None, "q1"))
    load_file(path)
    raw = path.read_bytes()
    assert bankcache.get(bankcache.fingerprint(path, raw, builtin=False)) is not None
    monkeypatch.setattr(bankcache, "_SHAPE", (*bankcache._SHAPE, "a_new_field"))
    assert bankcache.get(bankcache.fingerprint(path, raw, builtin=False)) is None
