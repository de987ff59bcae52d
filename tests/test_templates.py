import ast
import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from quiz.bank.catalog import load_file
from quiz.bank.files import resolve
from quiz.bank.lint import lint
from quiz.bank.templates import (
    bank_template,
    question_snippets,
    question_template,
    snippet_stem,
    write_bank,
    write_question_snippets,
)
from quiz.errors import QuizError
from quiz.model import QUESTION_TYPES

SNIPPET_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def test_written_bank_has_every_type_and_a_parametric_question(tmp_path):
    written = write_bank("week3", tmp_path)

    snippets = tmp_path / "snippets"
    assert written == [
        tmp_path / "week3.yaml",
        snippets / "week3_example.py",
        snippets / "week3_shape.py",
        snippets / "week3_demo.py",
        snippets / "week3_softmax.py",
    ]
    bank = load_file(tmp_path / "week3.yaml")
    assert bank.id == "week3"
    assert set(bank.title) == {"en", "zh"}
    fixed = [q.type for q in bank.questions if not q.parametric]
    assert sorted(fixed) == sorted(QUESTION_TYPES)
    (drill,) = [q for q in bank.questions if q.parametric]
    assert drill.key_from_snippet and drill.params
    assert drill.snippet is not None and drill.snippet.name == "week3_example"
    for question in bank.questions:
        assert question.id.startswith("week3-")
        assert set(question.prompt) == {"en", "zh"}, question.id
        assert set(question.explanation) == {"en", "zh"}, question.id


def test_every_snippet_the_bank_names_is_written_and_every_written_one_is_used(tmp_path):
    written = write_bank("week3", tmp_path)

    bank = load_file(tmp_path / "week3.yaml")
    used = {resolve(bank, q.snippet.name) for q in bank.questions if q.snippet is not None}
    assert used == {path.resolve() for path in written[1:]}
    fixed_args = [q for q in bank.questions if q.snippet and q.snippet.args and not q.parametric]
    assert any(q.snippet.name == "week3_example" for q in fixed_args)


@pytest.mark.parametrize("name", ["week3", "dl-final.v2", "2024", "1.5", "2024-01-01", "a_b"])
def test_any_valid_bank_id_gives_a_bank_of_that_id(tmp_path, name):
    write_bank(name, tmp_path)

    bank = load_file(tmp_path / f"{name}.yaml")
    assert bank.id == name
    for question in bank.questions:
        if question.snippet is not None:
            assert SNIPPET_NAME.match(question.snippet.name)
            assert resolve(bank, question.snippet.name).is_file()


@pytest.mark.parametrize(
    ("name", "stem"), [("week3", "week3"), ("dl-final.v2", "dl_final_v2"), ("2024", "bank_2024")]
)
def test_snippet_stem_is_an_identifier(name, stem):
    assert snippet_stem(name) == stem


def test_the_template_teaches_how_to_check_it():
    text, _ = bank_template("week3")

    header = text.splitlines()[:5]
    assert header[0].startswith("# ")
    assert any("quiz check week3.yaml" in line and "--run" not in line for line in header)
    assert any("quiz check week3.yaml --run" in line for line in header)
    for word in ("tolerance", "rel_tol", "YAML order", "match: regex", "model answer", "params"):
        assert word in text, word


def test_answer_snippets_follow_the_contract():
    _, snippets = bank_template("week3")

    for file_name, source in snippets.items():
        assert SNIPPET_NAME.match(file_name.removesuffix(".py"))
        tree = ast.parse(source)
        assert ast.get_docstring(tree), file_name
        assert 'if __name__ == "__main__":' in source
        answer = next(
            (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "answer"), None
        )
        if answer is None:
            continue
        assert [a.arg for a in answer.args.kwonlyargs] == ["device"], file_name
        assert ast.literal_eval(answer.args.kw_defaults[0]) == "cpu"
        assert "device=device" in source and "torch.manual_seed" in source
        assert "print(answer())" in source
    assert sum("def answer(" in source for source in snippets.values()) >= 1


def test_snippets_are_ruff_clean(tmp_path):
    write_bank("week3", tmp_path)

    rules = ["--isolated", "--line-length", "100", "--target-version", "py310"]
    folder = str(tmp_path / "snippets")
    check = [sys.executable, "-m", "ruff", "check", *rules, "--select", "E,W,F,I,B,C4,UP"]
    for command in (check, [sys.executable, "-m", "ruff", "format", *rules, "--check"]):
        result = subprocess.run([*command, folder], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_each_question_template_loads_pasted_under_questions(tmp_path, qtype):
    path = tmp_path / "pasted.yaml"
    path.write_text("bank: pasted\nquestions:\n" + question_template(qtype), encoding="utf-8")

    (question,) = load_file(path).questions
    assert question.type == qtype
    # A pasted question names no snippet but the one question_snippets gives it.
    named = {f"{question.snippet.name}.py"} if question.snippet else set()
    assert named == set(question_snippets(qtype))
    assert set(question.prompt) == {"en", "zh"}
    assert set(question.explanation) == {"en", "zh"}
    assert question_template(qtype).lstrip().startswith("#")


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_each_pasted_question_passes_quiz_check_with_the_snippets_it_names(tmp_path, qtype):
    path = tmp_path / "pasted.yaml"
    path.write_text("bank: pasted\nquestions:\n" + question_template(qtype), encoding="utf-8")

    written = write_question_snippets(qtype, tmp_path)

    assert [p.name for p in written] == list(question_snippets(qtype))
    assert all(p.parent == tmp_path / "snippets" for p in written)
    result = lint([path])
    assert result.diagnostics == [] and result.questions == 1


def test_a_code_question_comes_with_a_reference_skeleton():
    (source,) = question_snippets("code").values()

    tree = ast.parse(source)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert set(functions) == {"answer", "random_case", "prepare"}
    assert [a.arg for a in functions["random_case"].args.args] == ["rng"]
    assert [a.arg for a in functions["prepare"].args.args] == ["case"]
    assert [a.arg for a in functions["prepare"].args.kwonlyargs] == ["device"]
    assert 'if __name__ == "__main__":' in source and "assert " in source
    for word in ("random_case(rng)", "prepare(case, *, device)", "torch.manual_seed", "rel_tol"):
        assert word in ast.get_docstring(tree), word
    assert question_snippets("predict") == {}
    assert "snippets/new_softmax.py" in question_template("code")


def test_question_snippets_are_never_overwritten(tmp_path):
    snippet = tmp_path / "snippets" / "new_softmax.py"
    snippet.parent.mkdir()
    snippet.write_text("print('mine')\n", encoding="utf-8")

    with pytest.raises(QuizError) as info:
        write_question_snippets("code", tmp_path)
    assert str(info.value) == f"{snippet} already exists; not overwriting it"
    assert snippet.read_text(encoding="utf-8") == "print('mine')\n"
    assert write_question_snippets("numeric", tmp_path) == []


def test_all_question_templates_paste_into_one_bank(tmp_path):
    path = tmp_path / "pasted.yaml"
    body = "\n".join(question_template(qtype) for qtype in QUESTION_TYPES)
    path.write_text(f"bank: pasted\nquestions:\n{body}", encoding="utf-8")

    assert [q.type for q in load_file(path).questions] == list(QUESTION_TYPES)


def test_unknown_question_type_names_the_valid_ones():
    with pytest.raises(ValueError) as info:
        question_template("essay")
    assert str(info.value) == (
        "unknown question type 'essay': choose numeric, shape, choice, multi, text, open, code,"
        " predict"
    )
    with pytest.raises(ValueError, match="unknown question type 'essay'"):
        question_snippets("essay")


@pytest.mark.parametrize("name", ["", "-week3", ".hidden", "week 3", "a/b", "../x", "周三"])
def test_a_name_that_is_not_a_bank_id_is_refused(tmp_path, name):
    with pytest.raises(QuizError) as info:
        write_bank(name, tmp_path)
    assert str(info.value) == (
        f"{name!r} is not a bank id: use letters, digits, '-', '_' or '.',"
        " starting with a letter or digit"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_existing_bank_file_is_not_overwritten(tmp_path):
    write_bank("week3", tmp_path)
    bank_file = tmp_path / "week3.yaml"
    bank_file.write_text("bank: week3\nquestions: []\n", encoding="utf-8")

    with pytest.raises(QuizError) as info:
        write_bank("week3", tmp_path)
    assert str(info.value) == f"{bank_file} already exists; not overwriting it"
    assert bank_file.read_text(encoding="utf-8") == "bank: week3\nquestions: []\n"


def test_an_existing_snippet_is_not_overwritten_and_nothing_is_written(tmp_path):
    snippet = tmp_path / "snippets" / "week3_demo.py"
    snippet.parent.mkdir()
    snippet.write_text("print('mine')\n", encoding="utf-8")

    with pytest.raises(QuizError) as info:
        write_bank("week3", tmp_path)
    assert str(info.value) == f"{snippet} already exists; not overwriting it"
    assert snippet.read_text(encoding="utf-8") == "print('mine')\n"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["week3_demo.py"]


@pytest.mark.slow
def test_quiz_check_run_proves_the_new_bank(tmp_path):
    from quiz.cli import app

    write_bank("week3", tmp_path)
    bank_file = str(tmp_path / "week3.yaml")
    runner = CliRunner()

    trusted = runner.invoke(app, ["trust", bank_file])
    assert trusted.exit_code == 0, trusted.output
    result = runner.invoke(app, ["check", bank_file, "--run", "--format", "json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["banks"] == ["week3"] and report["diagnostics"] == []
    proved = {proof["question"] for proof in report["proofs"]}
    assert proved == {
        "week3-numeric", "week3-shape", "week3-choice", "week3-code", "week3-predict",
        "week3-drill",
    }  # fmt: skip
    assert all(proof["passed"] for proof in report["proofs"]), report["proofs"]
    # The code question: its reference, and each of its two wrong solutions.
    assert report["summary"]["failed"] == 0 and report["summary"]["proofs"] == 3 + 3 + 1 + 24
    selfcheck = subprocess.run(
        [sys.executable, str(tmp_path / "snippets" / "week3_softmax.py")],
        capture_output=True,
        text=True,
    )
    assert selfcheck.returncode == 0, selfcheck.stderr


@pytest.mark.slow
def test_quiz_check_run_proves_pasted_code_and_predict_questions(tmp_path):
    from quiz.cli import app

    body = question_template("code") + question_template("predict")
    bank_file = tmp_path / "pasted.yaml"
    bank_file.write_text(f"bank: pasted\nquestions:\n{body}", encoding="utf-8")
    write_question_snippets("code", tmp_path)
    runner = CliRunner()

    trusted = runner.invoke(app, ["trust", str(bank_file)])
    assert trusted.exit_code == 0, trusted.output
    result = runner.invoke(app, ["check", str(bank_file), "--run", "--format", "json"])

    assert result.exit_code == 0, result.output
    proofs = json.loads(result.stdout)["proofs"]
    assert [(p["question"], p["passed"]) for p in proofs] == [
        ("new-code", True), ("new-code", True), ("new-code", True), ("new-predict", True),
    ]  # fmt: skip
