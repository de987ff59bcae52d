import subprocess
import sys
from datetime import date, timedelta

import click
import pytest
import typer
from typer.testing import CliRunner

from conftest import QUIZ, REPO, child_env, quiz
from quiz.cli import app
from quiz.paths import database_path
from quiz.store import Store


def command_tree() -> list[tuple[tuple[str, ...], click.Command]]:
    """Every command of `quiz`, groups and the top level included, as (path, command): found
    by walking click's command tree, so a new command is tested without being listed here."""

    def walk(command, path):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, (*path, name))

    return list(walk(typer.main.get_command(app), ()))


COMMANDS = command_tree()


def help_for(*args: str):
    # The conftest helper leaves click's default program name, `root`; users see `quiz`.
    return CliRunner().invoke(app, list(args), prog_name="quiz")


def test_the_help_walk_reaches_every_command():
    paths = [path for path, _ in COMMANDS]
    leaves = [path for path, command in COMMANDS if not isinstance(command, click.Group)]
    assert len(leaves) >= 21, leaves
    assert {("review",), ("new", "bank"), ("export", "anki"), ("run", "snippet")} <= set(paths)


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(("quiz", *path)) for path, _ in COMMANDS]
)
def test_every_command_has_help(path, command):
    result = help_for(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    usage = result.output.lstrip().splitlines()[0].split()
    assert usage[: len(path) + 3] == ["Usage:", "quiz", *path, "[OPTIONS]"]
    summary = (command.help or "").strip().splitlines()
    assert summary, f"`quiz {' '.join(path)}` has no help text"
    assert " ".join(summary[0].split()) in " ".join(result.output.split())
    listed = {line.strip("│ ").split(" ")[0] for line in result.output.splitlines()}
    assert set(getattr(command, "commands", {})) <= listed
    short = help_for(*path, "-h")
    assert (short.exit_code, short.output) == (0, result.output)


def test_import_does_not_pull_in_torch():
    code = "import sys, quiz.cli; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_python_dash_m_runs():
    result = subprocess.run([*QUIZ, "--help"], capture_output=True, text=True, env=child_env())
    assert result.returncode == 0 and "review" in result.stdout


def test_banks_counts(mini_bank):
    assert quiz("review", "--bank", str(mini_bank), input="28\n4\n").exit_code == 0
    result = quiz("banks", "--bank", str(mini_bank))
    assert result.exit_code == 0
    row = next(line for line in result.output.splitlines() if line.startswith("mini"))
    assert row.split()[:8] == ["mini", "Mini", "bank", "4", "3", "0", "1", "0"]


def test_banks_includes_builtin():
    result = quiz("banks")
    assert result.exit_code == 0
    assert "conv-arithmetic" in result.output and "built-in" in result.output


@pytest.mark.parametrize("coverage", [False, True])
def test_banks_fit_80_columns_without_clipping_an_id(coverage):
    from quiz.paths import builtin_questions_dir

    result = quiz("banks", *(["--coverage"] if coverage else []), COLUMNS="80")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    ids = sorted(path.stem for path in builtin_questions_dir().glob("*.yaml"))
    assert [line.split()[0] for line in lines[1 : 1 + len(ids)]] == ids
    if not coverage:
        assert all(line.rstrip().endswith(" built-in") for line in lines[1:])
        assert "Activations and…" in result.output


def test_list_in_chinese_fits_80_columns_counting_wide_characters():
    from rich.cells import cell_len

    result = quiz("list", "--lang", "zh", COLUMNS="80")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "bank", "type", "state", "due", "prompt"]
    from quiz.bank.catalog import load_catalog

    assert len(lines) == 1 + len(load_catalog().questions)  # a line per built-in question
    assert max(cell_len(line) for line in lines) <= 80
    assert any("…" in line and cell_len(line) >= 79 for line in lines)
    assert any("的" in line for line in lines)


def test_list_filters_by_tag_and_due(mini_bank):
    result = quiz("list", "--bank", str(mini_bank))
    assert [line.split()[0] for line in result.output.splitlines()[1:]] == [
        "mini-num",
        "mini-shape",
        "mini-choice",
        "mini-open",
    ]
    assert "No questions match." in quiz("list", "--bank", str(mini_bank), "--due").output
    assert "No questions match." in quiz("list", "--bank", str(mini_bank), "--tag", "CNN").output


def test_show_prints_key_explanation_and_history(mini_bank):
    quiz("review", "--bank", str(mini_bank), "--limit", "1", input="27\n1\n")
    result = quiz("show", "mini-num", "--bank", str(mini_bank), "--lang", "zh")
    assert result.exit_code == 0
    assert "32×32 输入" in result.output
    assert "Answer: 28" in result.output
    assert "lapses 1" in result.output
    assert "27" in result.output and "wrong" in result.output


def test_show_unknown_id_suggests(mini_bank):
    result = quiz("show", "mini-nun", "--bank", str(mini_bank))
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == "error: no question with id 'mini-nun'; did you mean 'mini-num'?"
    )


def test_card_header_keeps_its_label_when_the_tags_do_not_fit():
    result = quiz("review", "--bank", "conv-arithmetic", input=":q\n", COLUMNS="80")
    header = result.output.splitlines()[0]
    assert header.startswith("[1/12] conv-arithmetic (new)  #cnn #conv-arithmetic")
    assert "…" in header and len(header) == 80


def test_review_piped_session_plain_output(mini_bank):
    result = quiz("review", "--bank", str(mini_bank), input="28\n\n(3, 2)\n\n")
    assert result.exit_code == 0
    assert "\x1b[" not in result.output
    assert result.output.count("✓ Right") == 2
    assert "Reviewed 2 cards (2 new) · 100% of 2 judged answers right" in result.output
    assert "Stopped. Every graded answer is saved." in result.output  # input ended


def test_unparseable_input_is_asked_again_not_graded(mini_bank):
    result = quiz("review", "--bank", str(mini_bank), "--limit", "1", input="twenty\n28\n4\n")
    assert "'twenty' is not a number" in result.output and "not graded, try again" in result.output
    [row] = Store(database_path()).history("mini-num")
    assert row.answer == "28" and row.grade == 4


def test_grade_can_be_changed_before_saving(mini_bank):
    quiz("review", "--bank", str(mini_bank), "--limit", "1", input="28\n3\n")
    [row] = Store(database_path()).history("mini-num")
    assert (row.correct, row.grade) == (True, 3)


def test_nothing_to_review(mini_bank):
    result = quiz("review", "--bank", str(mini_bank), "--new", "0")
    assert result.exit_code == 0
    assert (
        "Nothing to review now: 0 due; 4 new cards waiting, today's limit of 0 new per bank is"
        " reached (quiz review --new 10 allows 10 more per bank)." in result.output
    )


def test_lang_picks_the_prompt_language(mini_bank):
    result = quiz("review", "--bank", str(mini_bank), "--lang", "zh", "--limit", "1", input="")
    assert "32×32 输入，5×5 卷积核，输出宽度？" in result.output


@pytest.mark.parametrize("code", ["zh-CN", "zh_TW", "ZH"])
def test_a_region_code_picks_its_language_for_the_content_and_the_interface(mini_bank, code):
    result = quiz("review", "--bank", str(mini_bank), "--lang", code, "--limit", "1", input="")
    assert "32×32 输入，5×5 卷积核，输出宽度？" in result.output
    assert "输入一个数字或算式" in result.output


def test_locale_picks_the_language(mini_bank):
    result = quiz("review", "--bank", str(mini_bank), "--limit", "1", input="", LANG="zh_CN.UTF-8")
    assert "输出宽度" in result.output


def test_suspend_and_unsuspend_commands(mini_bank):
    assert quiz("suspend", "mini-num", "--help").exit_code == 0
    result = quiz("suspend", "mini-num", QUIZ_BANKS=str(mini_bank))
    assert result.exit_code == 0 and "mini-num is suspended." in result.output
    assert "suspended" in quiz("list", "--bank", str(mini_bank)).output
    assert quiz("unsuspend", "mini-num", QUIZ_BANKS=str(mini_bank)).exit_code == 0
    assert quiz("suspend", "nope").exit_code == 1


def test_card_reappears_exactly_when_sm2_says(tmp_path):
    # Grade 4 every time: intervals 1, 6, then ceil(6 * 2.5) = 15 days.
    bank = tmp_path / "one.yaml"
    bank.write_text("questions:\n- {id: one, type: numeric, prompt: 'Width?', answer: 28}\n")
    start = date(2026, 11, 27)
    seen = []
    for offset in range(24):
        day = start + timedelta(days=offset)
        result = quiz(
            "review",
            "--bank",
            str(bank),
            "--limit",
            "1",
            input="28\n4\n",
            QUIZ_NOW=f"{day.isoformat()}T12:00:00",
        )
        assert result.exit_code == 0, result.output
        if "[1/1] one" in result.output:
            seen.append(offset)
    assert seen == [0, 1, 7, 22]


def test_rollover_hour_keeps_late_night_on_the_same_day(mini_bank):
    quiz(
        "review",
        "--bank",
        str(mini_bank),
        "--limit",
        "1",
        input="28\n4\n",
        QUIZ_NOW="2026-11-27T12:00:00",
    )
    # 03:00 the next calendar day is still 27 November until 4 am: not due yet.
    early = quiz("list", "--bank", str(mini_bank), "--due", QUIZ_NOW="2026-11-28T03:00:00")
    assert "No questions match." in early.output
    late = quiz("list", "--bank", str(mini_bank), "--due", QUIZ_NOW="2026-11-28T04:00:00")
    assert "mini-num" in late.output


def run_cli(*args, **env):
    return subprocess.run(
        [*QUIZ, *args], capture_output=True, text=True, env=child_env(**env), cwd=REPO, timeout=60
    )


def assert_one_line_error(result, expected):
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip() == expected


def test_corrupt_database_is_one_line(quiz_env):
    quiz_env.mkdir()
    (quiz_env / "quiz.db").write_bytes(b"garbage" * 500)
    assert_one_line_error(
        run_cli("banks"),
        f"error: {quiz_env / 'quiz.db'}: not a quiz database (file is not a database)",
    )


def test_newer_schema_is_one_line(quiz_env):
    Store(quiz_env / "quiz.db").conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('quiz', 'm999_next', 'x')"
    )
    assert_one_line_error(
        run_cli("review"),
        f"error: {quiz_env / 'quiz.db'}: written by a newer version of quiz (schema step"
        " m999_next); upgrade quiz to open it",
    )


def test_unusable_home_is_one_line(tmp_path):
    home = tmp_path / "blocked"
    home.write_text("a file where the folder should be")
    result = run_cli("review", QUIZ_HOME=str(home))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {home}: cannot create the data folder")


@pytest.mark.skipif(
    sys.platform == "win32" or __import__("os").geteuid() == 0, reason="root reads any folder"
)
def test_unreadable_home_is_one_line(tmp_path):
    home = tmp_path / "locked"
    home.mkdir(mode=0o000)
    result = run_cli("review", QUIZ_HOME=str(home))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(home) in result.stderr


def test_missing_bank_path_is_one_line():
    assert_one_line_error(
        run_cli("review", "--bank", "no/such/bank.yaml"),
        "error: no/such/bank.yaml: bank path does not exist",
    )


def test_missing_bank_in_env_is_one_line(tmp_path):
    missing = tmp_path / "gone.yaml"
    assert_one_line_error(
        run_cli("list", QUIZ_BANKS=str(missing)), f"error: {missing}: bank path does not exist"
    )


def test_bad_quiz_now_is_one_line():
    assert_one_line_error(
        run_cli("review", QUIZ_NOW="yesterday"),
        "error: QUIZ_NOW='yesterday' is not an ISO 8601 date or time",
    )


def test_typo_in_command_suggests():
    result = run_cli("reveiw")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "error: No such command 'reveiw'. Did you mean 'review'? (see `quiz --help`)\n"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "--bank", "x"], "error: No such option: --bank (see `quiz check --help`)"),
        (["show"], "error: Missing argument 'ID'. (see `quiz show --help`)"),
        (
            ["list", "--tag"],
            "error: Option '--tag' requires an argument. (see `quiz list --help`)",
        ),
        (
            ["run", "snippet", "x", "--arg"],
            "error: Option '--arg' requires an argument. (see `quiz run snippet --help`)",
        ),
        (
            ["review", "--new", "-1"],
            "error: Invalid value for '--new': -1 is not in the range x>=0."
            " (see `quiz review --help`)",
        ),
    ],
)
def test_command_line_mistakes_are_one_line(args, expected):
    result = run_cli(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected + "\n")


def test_a_group_alone_shows_its_help():
    result = run_cli("run")
    assert result.returncode == 0 and "snippet" in result.stdout and result.stderr == ""


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_review_help_through_its_own_dispatch_reads_the_same(flag):
    """`main()` builds a one-command app for `quiz review`; its help is the full app's."""
    result = run_cli("review", flag)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.lstrip().startswith("Usage: quiz review [OPTIONS]")
    assert result.stdout == help_for("review", "--help").output


def test_review_through_the_console_entry_point_keeps_help_and_errors():
    helped = run_cli("review", "--help")
    assert helped.returncode == 0 and "Usage: quiz review [OPTIONS]" in helped.stdout
    assert "--new" in helped.stdout and "--limit" in helped.stdout
    wrong = run_cli("review", "--bogus")
    assert wrong.returncode == 2
    assert wrong.stderr == "error: No such option: --bogus (see `quiz review --help`)\n"


def test_schema_command_prints_the_bank_schema():
    import json

    result = quiz("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "questions" in schema["properties"]


def test_new_question_prints_a_template_or_one_line_error():
    result = quiz("new", "question", "--type", "shape")
    assert result.exit_code == 0 and "type: shape" in result.output
    wrong = quiz("new", "question", "--type", "essay")
    assert wrong.exit_code == 1
    assert wrong.stderr.strip() == (
        "error: unknown question type 'essay': choose numeric, shape, choice, multi, text, open,"
        " code, predict"
    )
