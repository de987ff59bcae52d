"""quiz config: the settings file, its one-line errors, and what each setting changes."""

from __future__ import annotations

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from conftest import quiz
from quiz.config import config_path


def test_settings_start_at_their_defaults():
    result = quiz("config")
    assert result.exit_code == 0
    rows = [line.split()[:3] for line in result.output.splitlines()[1:6]]
    assert rows == [
        ["lang", "—", "default"],
        ["new", "20", "default"],
        ["new_total", "—", "default"],
        ["rollover_hour", "4", "default"],
        ["device", "auto", "default"],
    ]
    assert f"Settings file: {config_path()}" in result.output
    assert not config_path().exists()


def test_set_read_and_unset_a_setting():
    assert quiz("config", "new", "7").output == f"new = 7  (saved in {config_path()})\n"
    assert quiz("config", "lang", "ZH").output == f"lang = zh  (saved in {config_path()})\n"
    assert tomllib.loads(config_path().read_text(encoding="utf-8")) == {"lang": "zh", "new": 7}
    assert quiz("config", "new").output == "7\n"
    listed = quiz("config").output.splitlines()
    assert listed[2].split()[:3] == ["new", "7", "settings"]
    assert quiz("config", "new", "--unset").output == "new is back to its default (20)\n"
    assert tomllib.loads(config_path().read_text(encoding="utf-8")) == {"lang": "zh"}
    assert quiz("config", "new").output == "20\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lang", "Chinese"], "lang must be a language code such as en or zh, not 'Chinese'"),
        (["new", "lots"], "new must be a whole number from 0 to 1000, not 'lots'"),
        (["rollover_hour", "24"], "rollover_hour must be a whole number from 0 to 23, not '24'"),
        (["device", "tpu"], "device must be auto, cpu, cuda or mps, not 'tpu'"),
        (["langs", "zh"], "unknown setting 'langs'; did you mean 'lang'?"),
        (
            ["colour", "red"],
            "unknown setting 'colour' (known: lang, new, new_total, rollover_hour, device, grades,"
            " scheduler, desired_retention, fuzz, exam_date, last_pass)",
        ),
        (["new", "3", "--unset"], "--unset takes no value"),
    ],
)
def test_a_bad_setting_is_one_line_and_not_saved(args, message):
    result = quiz("config", *args)
    assert (result.exit_code, result.stderr) == (1, f"error: {message}\n")
    assert not config_path().exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("new = \n", "not valid TOML (Invalid value (at line 1, column 7))"),
        ("new = 'ten'\n", "new must be a whole number from 0 to 1000, not 'ten'"),
        ("new = true\n", "new must be a whole number from 0 to 1000, not True"),
        (
            "theme = 'dark'\n",
            "unknown setting 'theme' (known: lang, new, new_total, rollover_hour, device, grades,"
            " scheduler, desired_retention, fuzz, exam_date, last_pass, banks, exam_dates)",
        ),
    ],
)
def test_a_hand_edited_file_gone_wrong_names_itself(mini_bank, text, message):
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    for command in (["review", "--bank", str(mini_bank)], ["list"], ["config"]):
        result = quiz(*command)
        assert (result.exit_code, result.stderr) == (1, f"error: {path}: {message}\n"), command


def test_lang_setting_picks_the_text_and_yields_to_env_and_option(mini_bank):
    quiz("config", "lang", "zh")
    assert "32×32 输入" in quiz("show", "mini-num", "--bank", str(mini_bank)).output
    english = "A 32×32 input, Conv2d(kernel_size=5)"
    assert english in quiz("show", "mini-num", "--bank", str(mini_bank), QUIZ_LANG="en").output
    shown = quiz("show", "mini-num", "--bank", str(mini_bank), "--lang", "en").output
    assert english in shown
    assert quiz("config", "lang", QUIZ_LANG="en").output == "en\n"


def test_new_setting_limits_new_cards_and_the_option_overrides_it(mini_bank):
    quiz("config", "new", "1")
    first = quiz("review", "--bank", str(mini_bank), input="28\n4\n")
    assert first.exit_code == 0 and "Reviewed 1 card (1 new)" in first.output
    again = quiz("review", "--bank", str(mini_bank), "--new", "2", input="(3, 2)\n4\n")
    assert "Reviewed 1 card (1 new)" in again.output and "[1/1]" in again.output


def test_rollover_setting_moves_the_start_of_the_day(mini_bank):
    one_card = ["review", "--bank", str(mini_bank), "--limit", "1"]
    quiz(*one_card, input="28\n4\n", QUIZ_NOW="2026-11-27T12:00")
    due = ["list", "--bank", str(mini_bank), "--due"]
    # At 02:30 on the 28th the study day is still the 27th under the default rollover at 4 am.
    assert "No questions match." in quiz(*due, QUIZ_NOW="2026-11-28T02:30").output
    quiz("config", "rollover_hour", "2")
    assert "mini-num" in quiz(*due, QUIZ_NOW="2026-11-28T02:30").output
    # The environment variable still wins over the file.
    assert (
        "No questions match."
        in quiz(*due, QUIZ_NOW="2026-11-28T02:30", QUIZ_ROLLOVER_HOUR="3").output
    )


@pytest.mark.slow
def test_device_setting_is_where_snippets_run():
    if "auto picks: cuda" in quiz("device").output:
        pytest.skip("this machine has CUDA")
    quiz("config", "device", "cuda")
    result = quiz("run", "snippet", "conv_output_size")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: --device cuda: no CUDA device is available to this torch\n",
    )
    ran = quiz("run", "snippet", "conv_output_size", "--device", "cpu")
    assert ran.exit_code == 0 and "(on cpu)" in ran.output
    shown = quiz("device").output.splitlines()
    assert shown[-1] == "snippets run on: cuda (the device setting, from settings file)"
