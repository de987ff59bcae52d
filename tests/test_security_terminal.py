"""Attacks through what the tool shows and reads: hostile banks, snippets and their output.

Bank text and snippet output are someone else's: a control character in them must reach
the terminal as visible text (quiz.safetext), never as a command, and bank text is never
read as rich markup. A bank's snippets folder must not lead out of the bank's folder.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pexpect
import pytest
from rich.console import Console

from conftest import REPO, child_env, quiz
from quiz.bank.catalog import load_file, snippets_dir_refusal
from quiz.errors import BankError
from quiz.safetext import safe_text
from quiz.schedule import policy

# Raw sequences a hostile bank or snippet can hold, and how each must show.
ATTACKS = {
    "\x1b]0;pwned\x07": "\\x1b]0;pwned\\x07",  # OSC 0: the window title
    "\x1b]52;c;cHduZWQ=\x07": "\\x1b]52;c;cHduZWQ=\\x07",  # OSC 52: the clipboard
    "\x1b[2J": "\\x1b[2J",  # clear the screen
    "\x1b[32m✓ Proved\x1b[0m": "\\x1b[32m✓ Proved\\x1b[0m",  # a fake green mark
    "\r✓ Proved": "\\x0d✓ Proved",  # overwrite the line
    "\b\b\bfake": "\\x08\\x08\\x08fake",  # backspaces over what came before
    "\x9b2J": "\\x9b2J",  # the one-character CSI (C1)
    "\x7f": "\\x7f",  # DEL
    "\u202egnp.exe": "\\u202egnp.exe",  # a right-to-left override
    "\u2066x\u2069": "\\u2066x\\u2069",  # a bidi isolate
}
RAW = ("\x1b", "\x07", "\r", "\b", "\x9b", "\x7f", "\u202e", "\u2066")
MARKUP = "[bold green]✓ Proved[/]"

# YAML double-quoted escapes write every control character into a plain-looking bank.
HOSTILE = r"""bank: evil
title: "Evil \e]52;c;cHduZWQ=\a bank"
tags: ["t\e[2J"]
questions:
  - id: evil-choice
    type: choice
    prompt: "Pick \e]0;pwned\a [bold green]✓ Proved[/] \rX \u202egnp.exe \x9b2J"
    choices: ["ok \e[32m✓ Proved\e[0m", "\b\b\bfake", "plain \x7f"]
    answer: C
    explanation: "Because \e[2J.\nSecond line\tand a tab."
    snippet: evil
    tags: ["\e]0;tag\a"]
  - id: evil-text
    type: text
    prompt: "Say \e[2J"
    answer: "yes\e]0;key\a"
"""
SNIPPET = 'def answer(*, device="cpu"):\n    return "\x1b]0;source\x07"\n'


def assert_neutralised(output: str, *shown: str) -> None:
    for raw in RAW:
        assert raw not in output, f"{raw!r} reached the terminal"
    for text in shown:
        assert text in output
    assert "Traceback" not in output


@pytest.fixture
def hostile(tmp_path) -> Path:
    folder = tmp_path / "course"
    (folder / "snippets").mkdir(parents=True)
    (folder / "snippets" / "evil.py").write_text(SNIPPET, encoding="utf-8")
    # The file name is bank text too: `quiz show` and `quiz banks` print it.
    path = folder / "evil\x1b]0;file\x07.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


# -- the function -----------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "shown"), ATTACKS.items())
def test_safe_text_writes_out_every_control_character(raw, shown):
    assert safe_text(f"a {raw} b") == f"a {shown} b"


def test_safe_text_keeps_printable_text_newlines_and_tabs():
    text = "卷积 (32 − 5)/1 + 1 = 28 ✓ [bold]x[/]\n\tnext line"
    assert safe_text(text) == text


def test_safe_text_on_one_line_writes_out_newlines_and_tabs():
    assert safe_text("a\nb\tc", multiline=False) == "a\\x0ab\\x09c"


def test_every_c0_and_c1_control_is_written_out():
    for code in [*range(0x20), *range(0x7F, 0xA0)]:
        if chr(code) in "\n\t":
            continue
        assert safe_text(chr(code)) == f"\\x{code:02x}"


# -- bank text in every command ------------------------------------------------------------


def test_show_neutralises_bank_text(hostile):
    result = quiz("show", "evil-choice", "--bank", str(hostile))
    assert result.exit_code == 0, result.output
    assert_neutralised(
        result.output,
        "Pick \\x1b]0;pwned\\x07 " + MARKUP + " \\x0dX \\u202egnp.exe \\x9b2J",
        "A) ok \\x1b[32m✓ Proved\\x1b[0m",
        "B) \\x08\\x08\\x08fake",
        "C) plain \\x7f",
        "Because \\x1b[2J.\nSecond line",
        "#t\\x1b[2J #\\x1b]0;tag\\x07",
        "evil\\x1b]0;file\\x07.yaml:5",
    )


def test_show_neutralises_a_restored_databases_answers(hostile):
    from quiz.paths import database_path
    from quiz.store import Store

    store = Store(database_path())
    now = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
    store.record(
        "evil-text",
        1,
        now=now,
        day=date(2026, 1, 5),
        answer="no\x1b]0;db\x07",
        schedule=policy.apply,
    )
    store.close()
    result = quiz("show", "evil-text", "--bank", str(hostile))
    assert result.exit_code == 0, result.output
    assert_neutralised(result.output, "no\\x1b]0;db\\x07", "yes\\x1b]0;key\\x07")


def test_list_neutralises_prompts(hostile):
    result = quiz("list", "--bank", str(hostile))
    assert result.exit_code == 0, result.output
    assert_neutralised(result.output, "Pick \\x1b]0;pwned\\x07", "Say \\x1b[2J")


def test_banks_neutralises_titles_and_paths(hostile):
    result = quiz("banks", "--bank", str(hostile), COLUMNS="300")
    assert result.exit_code == 0, result.output
    assert_neutralised(
        result.output, "Evil \\x1b]52;c;cHduZWQ=\\x07 bank", "evil\\x1b]0;file\\x07.yaml"
    )


def test_review_with_piped_input_neutralises_bank_text(hostile):
    # A wrong answer shows the key and the explanation; Enter keeps grade 1; then the repeat.
    result = quiz("review", "--bank", str(hostile), "--limit", "1", input="a\n\n")
    assert result.exit_code == 0, result.output
    assert_neutralised(
        result.output,
        "Pick \\x1b]0;pwned\\x07 " + MARKUP,
        "A) ok \\x1b[32m✓ Proved\\x1b[0m",
        "Answer: C) plain \\x7f",
        "Because \\x1b[2J.\nSecond line",
        "#\\x1b]0;tag\\x07",
    )


def test_review_echoes_piped_input_as_text_not_markup(hostile):
    result = quiz("review", "--bank", str(hostile), "--limit", "1", input="[bold]\x1b[2J\n")
    assert result.exit_code == 0, result.output
    assert_neutralised(result.output, "› [bold]\\x1b[2J")


@pytest.mark.slow
def test_review_in_a_terminal_neutralises_bank_text(hostile):
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", "review", "--bank", str(hostile), "--limit", "1"],
        cwd=str(REPO),
        env=child_env(TERM="dumb"),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 300),
    )
    child.logfile_read = io.StringIO()
    child.expect_exact("› ")
    child.sendline("a")
    child.expect(r"Grade \[1\] › ")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    # The terminal turns the typed newline into \r\n: only the bank's own must not arrive.
    output = child.logfile_read.getvalue().replace("\r\n", "\n")
    assert child.exitstatus == 0
    assert_neutralised(
        output,
        "Pick \\x1b]0;pwned\\x07 " + MARKUP + " \\x0dX \\u202egnp.exe \\x9b2J",
        "A) ok \\x1b[32m✓ Proved\\x1b[0m",
        "Because \\x1b[2J.",
    )


def test_exam_neutralises_bank_text(hostile):
    result = quiz("exam", "--bank", str(hostile), "--count", "2", "--seed", "1", input="a\nno\n")
    assert result.exit_code == 0, result.output
    assert_neutralised(
        result.output,
        "Pick \\x1b]0;pwned\\x07 " + MARKUP,
        "A) ok \\x1b[32m✓ Proved\\x1b[0m",
        "Key: yes\\x1b]0;key\\x07",
        "Because \\x1b[2J.",
        "\\x1b]0;tag\\x07",
    )


def test_check_neutralises_file_names_in_diagnostics(tmp_path):
    path = tmp_path / "bad\x1b]0;check\x07.yaml"
    path.write_text("questions:\n  - id: q1\n    type: numeric\n    prompt: p\n")
    result = quiz("check", str(path))
    assert result.exit_code == 1
    assert_neutralised(result.output, "bad\\x1b]0;check\\x07.yaml:2:5: error: missing 'answer'")


def test_proof_table_neutralises_keys_values_and_errors(hostile):
    from quiz.snippets.proof import MistakeCheck
    from quiz.tui.proofs import print_proofs

    question = load_file(hostile).questions[1]
    outcome = SimpleNamespace(
        demonstration=False,
        ok=True,
        value="\x1b[2J",
        seconds=0.5,
        traceback="  File: \x1b]0;trace\x07",
    )
    job = SimpleNamespace(question=question, label="")
    # A text mistake's value, as a snippet's mistake function returned it.
    slip = MistakeCheck("slip", ("no\x1b]0;slip\x07",), True)
    proof = SimpleNamespace(
        job=job,
        key=question.answer,
        outcome=outcome,
        passed=False,
        message="computed \x1b[2J",
        mistakes=(slip,),
    )
    console = Console(file=io.StringIO(), width=200, color_system=None)
    print_proofs(console, [proof])
    assert_neutralised(
        console.file.getvalue(),
        "yes\\x1b]0;key\\x07",
        "\\x1b[2J",
        "✗ ",
        "computed \\x1b[2J",
        "  File: \\x1b]0;trace\\x07",
        "slip=no\\x1b]0;slip\\x07",
    )


class HostileProver:
    """A Prover whose snippet is written, prints and fails to attack the terminal."""

    def __init__(self, source: Path) -> None:
        self.source = source

    def ready(self, question, variant):
        return True

    def key(self, question, variant):
        return question.answer

    def prefetch_all(self, cards, *, mistakes=False):
        pass

    def key_job(self, question, variant):
        snippet = SimpleNamespace(path=self.source, text=self.source.read_text(encoding="utf-8"))
        return SimpleNamespace(snippet=snippet, args={"n": "\x1b[1m"})

    def prove(self, job, on_output):
        on_output("out \x1b]0;stream\x07\r")
        on_output("\x1b[2J done\n")
        outcome = SimpleNamespace(
            dropped=12,
            traceback='  File "evil.py", line 2\n  \x1b]52;c;eA==\x07',
            ok=True,
            demonstration=False,
            value="\x1b[31m",
            device="cpu",
        )
        return SimpleNamespace(outcome=outcome, passed=True, message="[red]\x1b[32m", job=job)


def test_review_proof_neutralises_source_output_and_errors(hostile, store, monkeypatch):
    from quiz.study.session import Session
    from quiz.tui.review import Reviewer

    question = load_file(hostile).questions[0]
    session = Session(store, [question], today=date(2026, 1, 5), clock=lambda: datetime.now())
    console = Console(file=io.StringIO(), width=100, color_system=None, highlight=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a\nr\nc\n\n"))  # c: the code
    keys = HostileProver(hostile.parent / "snippets" / "evil.py")
    Reviewer(session, console, lang=None, interactive=False, keys=keys).run()
    assert_neutralised(
        console.file.getvalue(),
        "\\x1b]0;source\\x07",
        "out \\x1b]0;stream\\x07\\x0d\\x1b[2J done\n",
        "[output capped: 12 more bytes not shown]",
        "\\x1b]52;c;eA==\\x07",
        "answer(n='\\x1b[1m') = '\\x1b[31m' on cpu",
        "✓ Proved: [red]\\x1b[32m",
    )


# -- a snippets folder out of the bank's folder ---------------------------------------------

BANK = """\
bank: lab
{setting}questions:
  - id: lab-q
    type: numeric
    prompt: p
    answer: 1
    snippet: steal
"""


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "steal.py").write_text("SECRET = 'outside source'\ndef answer(): return 1\n")
    return folder


def lab_bank(tmp_path: Path, outside: Path, form: str) -> tuple[Path, tuple[int, int]]:
    """A bank whose snippets folder is `outside` by `form`, and where the diagnostic goes."""
    folder = tmp_path / "course" / "week3"
    folder.mkdir(parents=True)
    setting = ""
    where = (2, 1)
    if form == "absolute":
        setting = f"snippets_dir: {outside}\n"
    elif form == "dotdot":
        (tmp_path / "steal.py").write_text((outside / "steal.py").read_text())
        setting = "snippets_dir: ../..\n"
    else:  # the snippets/ folder beside the bank is a link out of it
        (folder / "snippets").symlink_to(outside)
        where = (1, 1)
    path = folder / "lab.yaml"
    path.write_text(BANK.format(setting=setting))
    return path, where


FORMS = ("absolute", "dotdot", "symlink")


@pytest.mark.parametrize("form", FORMS)
def test_check_refuses_a_snippets_folder_out_of_the_bank_folder(tmp_path, outside, form):
    path, (line, column) = lab_bank(tmp_path, outside, form)
    result = quiz("check", str(path))
    assert result.exit_code == 1
    real = outside.resolve() if form != "dotdot" else tmp_path.resolve()
    home = path.parent.resolve()
    assert (
        f"{path}:{line}:{column}: error: snippets folder {real} is outside the bank's folder"
        f" {home}; a bank's snippets must be in a folder inside it, or in ../snippets"
    ) in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("form", FORMS)
def test_loading_refuses_a_snippets_folder_out_of_the_bank_folder(tmp_path, outside, form):
    path, (line, _) = lab_bank(tmp_path, outside, form)
    result = quiz("list", "--bank", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {path}:{line}: snippets folder ")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("form", FORMS)
def test_export_anki_never_embeds_a_file_from_outside(tmp_path, outside, form):
    path, _ = lab_bank(tmp_path, outside, form)
    out = tmp_path / "out.apkg"
    result = quiz("export", "anki", str(out), "--bank", str(path))
    assert result.exit_code == 1
    assert "is outside the bank's folder" in result.output
    assert not out.exists()


def test_export_anki_refuses_a_loaded_bank_whose_folder_leads_out(tmp_path, outside, monkeypatch):
    # The folder became a link out after the bank was loaded: the export still reads nothing.
    from quiz.bank.catalog import Catalog
    from quiz.export.anki import build_package

    folder = tmp_path / "course"
    (folder / "snippets").mkdir(parents=True)
    (folder / "snippets" / "steal.py").write_text("def answer(): return 1\n")
    path = folder / "lab.yaml"
    path.write_text(BANK.format(setting=""))
    bank = load_file(path)
    catalog = Catalog()
    catalog.add(replace(bank, snippets_dir=outside.resolve()))
    read = []
    real_read_text = Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda p, *a, **k: read.append(p) or real_read_text(p))
    with pytest.raises(BankError, match="is outside the bank's folder"):
        build_package(catalog, None)
    assert not any(p.resolve().is_relative_to(outside.resolve()) for p in read)


def test_a_cached_bank_whose_snippets_folder_turned_into_a_link_out_is_refused(tmp_path, outside):
    folder = tmp_path / "course"
    (folder / "snippets").mkdir(parents=True)
    path = folder / "lab.yaml"
    path.write_text(BANK.format(setting=""))
    assert load_file(path).snippets_dir == (folder / "snippets").resolve()  # now cached
    (folder / "snippets").rmdir()
    (folder / "snippets").symlink_to(outside)
    with pytest.raises(BankError, match=f"^{path}:1: snippets folder {outside.resolve()} is"):
        load_file(path)


def test_the_builtin_layout_and_folders_inside_the_bank_folder_are_allowed(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    bank_file = folder / "conv.yaml"
    assert snippets_dir_refusal(bank_file, tmp_path / "snippets") is None
    assert snippets_dir_refusal(bank_file, folder / "proofs" / "deep") is None
    (folder / "inside").mkdir()
    os.symlink(folder / "inside", folder / "link")
    assert snippets_dir_refusal(bank_file, folder / "link") is None
    assert snippets_dir_refusal(bank_file, tmp_path / "other") is not None
    assert snippets_dir_refusal(bank_file, tmp_path.parent / "snippets") is not None
