"""quiz.schema: the published JSON Schema agrees with the loader on what a bank may hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import quiz.bank.catalog
from conftest import REPO
from quiz.bank.format import BANK_KEYS, CODE_KEYS, MAX_CASES, PREDICT_KEYS, QUESTION_KEYS
from quiz.bank.schema import bank_schema
from quiz.errors import BankError
from quiz.model import QUESTION_TYPES

DROP = object()  # a key to remove from the base question

# One valid question per type; each broken row below changes one thing in one of them.
BASE: dict[str, dict[str, Any]] = {
    "numeric": {"id": "q-numeric", "type": "numeric", "prompt": "Output width?", "answer": 28},
    "shape": {"id": "q-shape", "type": "shape", "prompt": "Shape?", "answer": [1, 64, 112, 112]},
    "choice": {
        "id": "q-choice",
        "type": "choice",
        "prompt": "Which optimizer adapts its step size?",
        "choices": ["SGD", "Adam", "Plain gradient descent"],
        "answer": "B",
    },
    "multi": {
        "id": "q-multi",
        "type": "multi",
        "prompt": "Which layers have no parameters?",
        "choices": ["MaxPool2d", "BatchNorm2d", "ReLU"],
        "answer": ["A", "C"],
    },
    "text": {
        "id": "q-text",
        "type": "text",
        "prompt": "Name the convolution with gaps between its taps.",
        "answer": ["dilated convolution", "atrous convolution"],
    },
    "open": {
        "id": "q-open",
        "type": "open",
        "prompt": "Why does ReLU help against vanishing gradients?",
        "answer": "Its derivative is 1 for positive inputs.",
    },
    "code": {
        "id": "q-code",
        "type": "code",
        "prompt": "Write relu(x) without torch.relu.",
        "starter": 'def relu(x):\n    """max(0, x), elementwise."""\n',
        "snippet": "code_relu",
        "cases": [{"x": [-1.0, 0.0, 2.0]}],
    },
    "predict": {
        "id": "q-predict",
        "type": "predict",
        "prompt": "What does this print?",
        "code": "import torch\nprint(torch.zeros(2, 3).sum(dim=0).shape)\n",
    },
}

WRONG_RELU = "def relu(x):\n    return x\n"


def question(qtype: str, **changes: Any) -> dict[str, Any]:
    merged = {**BASE[qtype], **changes}
    return {key: value for key, value in merged.items() if value is not DROP}


def bank(*questions: Any, **top: Any) -> dict[str, Any]:
    return {"bank": "t", "questions": list(questions), **top}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(bank_schema())


def write_bank(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def schema_errors(validator: jsonschema.Draft202012Validator, path: Path) -> list[str]:
    document = yaml.safe_load(path.read_text("utf-8"))
    return [error.message for error in validator.iter_errors(document)]


def test_schema_is_valid_draft_2020_12():
    schema = bank_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert json.loads(json.dumps(schema)) == schema  # plain JSON values: no tuples, no sets
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("bank.schema.json")


def test_schema_knows_every_key_and_type_the_loader_knows():
    schema = bank_schema()
    question_schema = schema["$defs"]["question"]
    assert tuple(schema["properties"]) == BANK_KEYS
    assert tuple(question_schema["properties"]) == QUESTION_KEYS
    assert tuple(question_schema["properties"]["type"]["enum"]) == QUESTION_TYPES


def test_every_property_has_a_description():
    """Editors show descriptions on hover; a key without one is a blank tooltip."""
    schema = bank_schema()
    definitions = schema["$defs"]
    owners = {"bank": schema, "question": definitions["question"]}
    for owner, node in owners.items():
        for key, prop in node["properties"].items():
            described = prop.get("description") or definitions.get(
                prop.get("$ref", "").rpartition("/")[2], {}
            ).get("description")
            assert described, f"{owner}.{key} has no description"


BUILTIN_BANKS = sorted((REPO / "questions").glob("*.yaml"))


def test_there_are_builtin_banks_to_check():
    assert BUILTIN_BANKS


@pytest.mark.parametrize("path", BUILTIN_BANKS, ids=lambda p: p.name)
def test_builtin_bank_validates(validator, path):
    document = yaml.safe_load(path.read_text("utf-8"))
    assert [error.message for error in validator.iter_errors(document)] == []


BROKEN = [
    # (document, a fragment of the loader's message)
    pytest.param(bank(question("numeric", hint="x")), "unknown key 'hint'", id="unknown-key"),
    pytest.param(
        bank(question("numeric", answer=DROP, anwser=28)),
        "unknown key 'anwser'; did you mean 'answer'?",
        id="anwser-typo",
    ),
    pytest.param(bank(question("numeric", prompt=DROP)), "missing 'prompt'", id="missing-prompt"),
    pytest.param(bank(question("open", answer=DROP)), "missing 'answer'", id="missing-answer"),
    pytest.param(bank(question("numeric", id=DROP)), "needs an 'id'", id="missing-id"),
    pytest.param(bank(question("numeric", id="conv out")), "needs an 'id'", id="id-with-space"),
    pytest.param(bank(question("numeric", type="number")), "'type' must be one of", id="bad-type"),
    pytest.param(
        bank(question("choice", answer="Adam")), "must be a choice letter", id="choice-not-letter"
    ),
    pytest.param(
        bank(question("choice", answer=2)), "must be a choice letter", id="choice-answer-number"
    ),
    pytest.param(
        bank(question("choice", choices=["SGD"], answer="A")),
        "needs 'choices': a list of 2 or more",
        id="choice-one-choice",
    ),
    pytest.param(
        bank(question("multi", choices=DROP)), "needs 'choices'", id="multi-without-choices"
    ),
    pytest.param(
        bank(question("numeric", choices=["a", "b"])),
        "'choices' only belongs to choice and multi",
        id="choices-on-numeric",
    ),
    pytest.param(
        bank(question("multi", answer=[1, 3])), "must be a choice letter", id="multi-not-letters"
    ),
    pytest.param(
        bank(question("multi", answer="A,C")), "must be a choice letter", id="multi-comma-string"
    ),
    pytest.param(bank(question("multi", answer=[])), "must be a list of letters", id="multi-empty"),
    pytest.param(
        bank(question("multi", answer=["A", "A"])), "lists a letter twice", id="multi-repeated"
    ),
    pytest.param(
        bank(question("multi", answer="snippet", snippet="pick")),
        "'answer: snippet' works for numeric, shape, choice and text questions",
        id="multi-answer-snippet",
    ),
    pytest.param(
        bank(question("shape", answer=[1, -3])), "non-negative integers", id="shape-negative-dim"
    ),
    pytest.param(
        bank(question("shape", answer="1x64x112x112")),
        "non-negative integers",
        id="shape-as-string",
    ),
    pytest.param(
        bank(question("numeric", answer="28")), "must be a number", id="numeric-answer-string"
    ),
    pytest.param(
        bank(question("numeric", answer=True)), "must be a number", id="numeric-answer-bool"
    ),
    pytest.param(
        bank(question("numeric", answer="snippet")),
        "'answer: snippet' needs a 'snippet'",
        id="answer-snippet-without-snippet",
    ),
    pytest.param(
        bank(question("numeric", tolerance=-0.1)), "a number of 0 or more", id="negative-tolerance"
    ),
    pytest.param(
        bank(question("numeric", rel_tol="1%")), "a number of 0 or more", id="rel-tol-string"
    ),
    pytest.param(
        bank(question("text", tolerance=0.5)),
        "'tolerance' only belongs to numeric",
        id="tolerance-on-text",
    ),
    pytest.param(
        bank(question("shape", rel_tol=0.01)),
        "'rel_tol' only belongs to numeric",
        id="rel-tol-on-shape",
    ),
    pytest.param(
        bank(question("numeric", match="regex")),
        "'match' only belongs to text",
        id="match-on-numeric",
    ),
    pytest.param(
        bank(question("text", shuffle=False)),
        "'shuffle' only belongs to choice and multi",
        id="shuffle-on-text",
    ),
    pytest.param(
        bank(question("choice", shuffle="no")), "'shuffle' must be true or false", id="shuffle-no"
    ),
    pytest.param(bank(question("text", match="glob")), "'exact' or 'regex'", id="match-bad-value"),
    pytest.param(
        bank(question("numeric", params={"size": []})),
        "needs a non-empty list",
        id="params-empty-list",
    ),
    pytest.param(bank(question("numeric", params={})), "'params' must map", id="params-empty"),
    pytest.param(
        bank(question("numeric", params={"kernel size": [3]})),
        "must be an identifier",
        id="params-bad-name",
    ),
    pytest.param(
        bank(question("numeric", params={"size": [1]}, variants=[{"size": 2}])),
        "not both",
        id="params-and-variants",
    ),
    pytest.param(
        bank(question("numeric", variants=[])), "non-empty list of mappings", id="variants-empty"
    ),
    pytest.param(
        bank(question("numeric", variants=[{}])),
        "each variant must be a mapping",
        id="variant-empty",
    ),
    pytest.param(bank(question("numeric", snippet="sub/conv")), "snippet name", id="snippet-slash"),
    pytest.param(bank(question("numeric", snippet="../evil")), "snippet name", id="snippet-dotdot"),
    pytest.param(
        bank(question("numeric", snippet={"args": {"size": 3}})),
        "snippet name",
        id="snippet-without-name",
    ),
    pytest.param(
        bank(question("numeric", snippet={"name": "conv", "arg": {"size": 3}})),
        "unknown key 'arg' in 'snippet'",
        id="snippet-unknown-key",
    ),
    pytest.param(
        bank(question("numeric", snippet={"name": "conv", "args": [3, 5]})),
        "'args' must be a mapping",
        id="snippet-args-list",
    ),
    pytest.param(
        bank(question("numeric", prompt={"EN": "Output width?"})),
        "language 'EN'",
        id="text-map-bad-language",
    ),
    pytest.param(
        bank(question("numeric", explanation={})), "must be a string or a map", id="text-map-empty"
    ),
    pytest.param(
        bank(question("numeric", prompt=["Output", "width?"])),
        "must be a string or a map",
        id="prompt-list",
    ),
    pytest.param(bank(question("numeric", prompt="   ")), "'prompt' is empty", id="prompt-blank"),
    pytest.param(
        bank(question("choice", choices=["SGD", {"english": "Adam"}])),
        "language 'english'",
        id="choice-bad-language",
    ),
    pytest.param(
        bank(question("text", answer={"english": "dilated"})),
        "language 'english'",
        id="text-answer-bad-language",
    ),
    pytest.param(
        bank(question("text", answer=[["dilated"]])),
        "a string or a list of strings",
        id="text-answer-nested-list",
    ),
    pytest.param(
        bank(question("text", answer="snippet")),
        "'answer: snippet' needs a 'snippet'",
        id="text-answer-snippet-without-snippet",
    ),
    pytest.param(
        bank(question("open", answer=["a", "b"])),
        "must be a string or a map",
        id="open-answer-list",
    ),
    pytest.param(
        bank(question("numeric", tags=["cnn", ""])), "'tags' must be a list", id="tags-empty-string"
    ),
    pytest.param(
        bank(question("numeric", tags="cnn")), "'tags' must be a list", id="tags-not-list"
    ),
    pytest.param(
        bank(question("numeric", renamed_from="old-id")),
        "'renamed_from' must be a list",
        id="renamed-from-string",
    ),
    pytest.param(
        bank(question("numeric"), titel="Conv"),
        "unknown key 'titel'; did you mean 'title'?",
        id="top-level-unknown-key",
    ),
    pytest.param(
        bank(question("numeric"), bank="my bank"), "bank id must be a word", id="bank-id-space"
    ),
    pytest.param(bank(question("numeric"), tags=[3]), "'tags' must be a list", id="bank-tags"),
    pytest.param(
        bank(question("numeric"), title={"en": "Conv", "Deutsch": "Faltung"}),
        "language 'Deutsch'",
        id="title-bad-language",
    ),
    pytest.param(
        {"bank": "t", "questions": question("numeric")},
        "'questions' must be a list",
        id="questions-not-list",
    ),
    pytest.param({"bank": "t"}, "'questions' must be a list", id="questions-missing"),
    pytest.param(bank("q-numeric"), "each question must be a mapping", id="question-not-mapping"),
    pytest.param([question("numeric")], "a bank must be a mapping", id="bank-is-a-list"),
    pytest.param(
        bank(question("numeric"), description=["a", "b"]),
        "'description' must be a string or a map",
        id="description-not-text",
    ),
    pytest.param(
        bank(question("numeric"), snippets_dir=5),
        "'snippets_dir' must be a path",
        id="snippets-dir-not-string",
    ),
    pytest.param(
        bank(question("numeric"), snippets_dir="  "),
        "'snippets_dir' must be a path",
        id="snippets-dir-blank",
    ),
    pytest.param(
        bank(question("choice", choices=["SGD", "SGD", "Adam"])),
        "choice B repeats choice A",
        id="choice-repeated",
    ),
    pytest.param(
        bank(question("numeric", renamed_from=["old id"])),
        "must be an earlier id",
        id="renamed-from-not-an-id",
    ),
    pytest.param(
        bank(question("text", answer=True)),
        "a text answer must be a string or a list of strings",
        id="text-answer-yaml-boolean",
    ),
    pytest.param(
        bank(question("numeric", prompt={"en": "Output width?", "zh": ""})),
        "'prompt' (zh) is empty",
        id="blank-in-language-map",
    ),
    pytest.param(
        bank(question("text", answer={})),
        "a text answer needs at least one accepted string",
        id="text-answer-empty-map",
    ),
    pytest.param(
        bank(question("text", answer="")),
        "an accepted text answer is empty: it could never match",
        id="text-answer-empty-string",
    ),
    pytest.param(
        bank(question("numeric"), snippets_dir=None),
        "'snippets_dir' must be a path",
        id="snippets-dir-null",
    ),
    pytest.param(
        bank(question("numeric", snippet={"name": "conv", "args": []})),
        "snippet 'args' must be a mapping of names to values",
        id="snippet-args-empty-list",
    ),
    # -- code questions
    pytest.param(bank(question("code", starter=DROP)), "missing 'starter'", id="code-no-starter"),
    pytest.param(bank(question("code", snippet=DROP)), "missing 'snippet'", id="code-no-snippet"),
    pytest.param(
        bank(question("code", answer="snippet")),
        "a code question has no 'answer'",
        id="code-with-answer",
    ),
    pytest.param(
        bank(question("code", choices=["a", "b"])), "'choices' only belongs", id="code-choices"
    ),
    pytest.param(
        bank(question("code", match="regex")), "'match' only belongs", id="code-with-match"
    ),
    pytest.param(
        bank(question("code", examples={"wrong": ["x"]})),
        "list wrong solutions under 'wrong'",
        id="code-with-examples",
    ),
    pytest.param(
        bank(question("code", mistakes=[{"name": "id", "explain": "no", "value": 1}])),
        "a code question has no 'mistakes'",
        id="code-with-mistakes",
    ),
    pytest.param(
        bank(question("code", cases=DROP)),
        "needs 'cases' or 'random_cases'",
        id="code-without-cases",
    ),
    pytest.param(
        bank(question("code", cases=DROP, random_cases=0)),
        "needs 'cases' or 'random_cases'",
        id="code-zero-random-cases",
    ),
    pytest.param(bank(question("code", cases=[])), "'cases' must be a list", id="code-cases-empty"),
    pytest.param(
        bank(question("code", cases=[[1.0, 2.0]])), "each case must map", id="code-case-list"
    ),
    pytest.param(
        bank(question("code", cases=[{"the x": 1}])),
        "each case must map",
        id="code-case-bad-name",
    ),
    pytest.param(
        bank(question("code", random_cases=-1)),
        "'random_cases' must be a whole number",
        id="code-random-cases-negative",
    ),
    pytest.param(
        bank(question("code", random_cases=MAX_CASES + 1)),
        "'random_cases' must be a whole number",
        id="code-random-cases-too-many",
    ),
    pytest.param(
        bank(question("code", random_cases=True)),
        "'random_cases' must be a whole number",
        id="code-random-cases-bool",
    ),
    pytest.param(
        bank(question("code", random_cases="5")),
        "'random_cases' must be a whole number",
        id="code-random-cases-string",
    ),
    pytest.param(
        bank(question("code", params={"n": [1, 2]}, prompt="relu on {n} values")),
        "draws its inputs from 'cases'",
        id="code-with-params",
    ),
    pytest.param(
        bank(question("code", code="print(1)")),
        "'code' does not belong to code questions",
        id="code-with-predict-block",
    ),
    pytest.param(
        bank(question("code", starter=5)), "'starter' must be code", id="code-starter-number"
    ),
    pytest.param(
        bank(question("code", starter="  ")), "'starter' must be code", id="code-starter-blank"
    ),
    pytest.param(
        bank(question("code", wrong=WRONG_RELU)), "'wrong' must be a list", id="code-wrong-string"
    ),
    pytest.param(bank(question("code", wrong=[])), "'wrong' must be a list", id="code-wrong-empty"),
    pytest.param(
        bank(question("code", wrong=[WRONG_RELU, ""])),
        "each 'wrong' solution must be code",
        id="code-wrong-blank",
    ),
    pytest.param(
        bank(question("numeric", starter="def f(x):\n    pass\n")),
        "'starter' only belongs to code questions",
        id="starter-on-numeric",
    ),
    pytest.param(
        bank(question("text", cases=[{"x": 1}])),
        "'cases' only belongs to code questions",
        id="cases-on-text",
    ),
    pytest.param(
        bank(question("open", wrong=[WRONG_RELU])),
        "'wrong' only belongs to code questions",
        id="wrong-on-open",
    ),
    # -- predict questions
    pytest.param(
        bank(question("predict", code=DROP)), "'code' (inline) or a 'snippet'", id="predict-none"
    ),
    pytest.param(
        bank(question("predict", snippet="shapes_demo")),
        "'code' (inline) or a 'snippet'",
        id="predict-code-and-snippet",
    ),
    pytest.param(
        bank(question("predict", code=DROP, snippet={"name": "s", "args": {"n": 2}})),
        "it takes no 'args'",
        id="predict-snippet-args",
    ),
    pytest.param(
        bank(question("predict", answer="torch.Size([3])")),
        "a predict question has no 'answer'",
        id="predict-with-answer",
    ),
    pytest.param(
        bank(question("predict", choices=["(2,)", "(3,)"])),
        "'choices' only belongs",
        id="predict-with-choices",
    ),
    pytest.param(
        bank(question("predict", starter="def f():\n    pass\n")),
        "'starter' does not belong to predict questions",
        id="predict-with-starter",
    ),
    pytest.param(
        bank(question("predict", random_cases=3)),
        "'random_cases' does not belong to predict questions",
        id="predict-with-random-cases",
    ),
    pytest.param(
        bank(question("predict", code="print(torch.zeros({n}))", params={"n": ["2", "3"]})),
        "param 'n' of a predict question must be numbers",
        id="predict-string-param",
    ),
    pytest.param(
        bank(question("predict", code="print({flag})", params={"flag": [True, False]})),
        "param 'flag' of a predict question must be numbers",
        id="predict-boolean-param",
    ),
    pytest.param(
        bank(question("predict", code="print({n} * 2)", variants=[{"n": 1}, {"n": "os"}])),
        "param 'n' of a predict question must be numbers",
        id="predict-string-variant",
    ),
    pytest.param(
        bank(question("predict", code="  \n")),
        "'code' must be the Python code",
        id="predict-code-blank",
    ),
    pytest.param(
        bank(question("predict", code=["print(1)"])),
        "'code' must be the Python code",
        id="predict-code-list",
    ),
    pytest.param(
        bank(question("numeric", code="print(28)")),
        "'code' only belongs to predict questions",
        id="code-on-numeric",
    ),
    pytest.param(bank(question("shape", answer=DROP)), "missing 'answer'", id="shape-no-answer"),
    pytest.param(
        bank(question("code", tolerance=-1e-6)),
        "a number of 0 or more",
        id="code-negative-tolerance",
    ),
    pytest.param(
        bank(question("predict", rel_tol="1%")), "a number of 0 or more", id="predict-rel-tol-text"
    ),
]


@pytest.mark.parametrize(("document", "loader_says"), BROKEN)
def test_broken_bank_is_refused_by_schema_and_loader(validator, tmp_path, document, loader_says):
    path = write_bank(tmp_path, document)
    assert schema_errors(validator, path), "the schema accepts it"
    with pytest.raises(BankError) as info:
        quiz.bank.catalog.load_file(path)
    assert loader_says in str(info.value)


VALID = [
    pytest.param(bank(*(question(qtype) for qtype in QUESTION_TYPES)), id="every-type"),
    pytest.param(
        bank(
            question(
                "numeric",
                params={"size": [28, 32], "kernel": [3, 5], "stride": [1, 2]},
                prompt="Input {size}, kernel {kernel}, stride {stride}. Output width?",
                answer="snippet",
                snippet="conv_output_size",
                tolerance=0,
            ),
            question(
                "shape",
                params={"batch": [4, 16]},
                prompt="Shape of a ({batch}, 3, 8, 8) batch after GAP?",
                answer="snippet",
                snippet={"name": "gap_shape", "args": {"channels": 3}},
            ),
        ),
        id="params",
    ),
    pytest.param(
        bank(
            question(
                "numeric",
                variants=[{"c_in": 3, "c_out": 8}, {"c_in": 64, "c_out": 128}],
                prompt="Parameters of Conv2d({c_in}, {c_out}, 3)?",
                answer="snippet",
                snippet="conv_params",
                rel_tol=0.01,
            ),
            question(
                "choice",
                variants=[{"n": 7}],
                prompt="Output of a {n}x{n} map through MaxPool2d(2)?",
                answer="snippet",
                snippet="pool_choice",
            ),
        ),
        id="variants",
    ),
    pytest.param(
        bank(
            question(
                "numeric",
                prompt={"en": "Output width?", "zh": "输出宽度？", "zh-Hant": "輸出寬度？"},
                explanation={"en": "(32 - 5)/1 + 1 = 28"},
            ),
            question("choice", choices=[{"en": "SGD", "zh": "随机梯度下降"}, "Adam"], answer="b"),
            question(
                "text",
                answer={"en": ["dilated convolution", "atrous"], "zh": "空洞卷积"},
                match="exact",
            ),
            question("open", answer={"en": "Local connectivity.", "zh": "局部连接。"}),
            title={"en": "Convolution", "zh": "卷积"},
            description={"en": "Sizes and shapes."},
        ),
        id="text-maps",
    ),
    pytest.param(
        bank(
            question("multi", answer="CA", shuffle=True),
            question("choice", id="q-kept", shuffle=False),
            question("text", answer=r"(dilated|atrous) conv(olution)?", match="regex"),
            question("text", id="q-year", answer=2012),
            question("choice", choices=[256, 512], answer="A"),
            question("shape", answer=[]),
            question("open", tags=["relu"], renamed_from=["relu-old"], snippet="relu_demo"),
            tags=["cnn"],
            snippets_dir="../snippets",
        ),
        id="every-other-form",
    ),
    pytest.param(
        bank(
            question(
                "code",
                cases=[{"x": [-1.0, 2.0]}, {"x": [[0.5, -0.5]]}],
                random_cases=20,
                wrong=[WRONG_RELU, "def relu(x):\n    return abs(x)\n"],
                explanation={"en": "Clamp below at 0.", "zh": "把负数截成 0。"},
                tags=["activations"],
            ),
            question("code", id="q-code-drawn", cases=DROP, random_cases=MAX_CASES),
            question("code", id="q-code-close", tolerance=1e-6, rel_tol=1e-5),
            question("code", id="q-code-args", snippet={"name": "code_relu"}, cases=[{}]),
        ),
        id="code",
    ),
    pytest.param(
        bank(
            question(
                "predict",
                params={"n": [2, 3], "scale": [0.5, 1e-3]},
                code="import torch\nprint(torch.ones({n}).mul({scale}).sum())\n",
                explanation="Sums n copies of the scale.",
            ),
            question(
                "predict",
                id="q-predict-variants",
                variants=[{"n": 1}, {"n": -4}],
                code="import torch\nprint(torch.zeros({n}, 2).shape)\n",
            ),
            question("predict", id="q-predict-snippet", code=DROP, snippet="shapes_demo"),
            question("predict", id="q-predict-close", code="print(1 / 3)", tolerance=0.01),
            question(
                "predict",
                id="q-predict-named",
                code=DROP,
                snippet={"name": "shapes_demo", "args": {}},
                tags=["tensors"],
            ),
        ),
        id="predict",
    ),
    pytest.param(bank(), id="no-questions"),
]


@pytest.mark.parametrize("document", VALID)
def test_valid_bank_is_accepted_by_schema_and_loader(validator, tmp_path, document):
    path = write_bank(tmp_path, document)
    assert schema_errors(validator, path) == []
    loaded = quiz.bank.catalog.load_file(path)
    assert len(loaded.questions) == len(document["questions"])


def test_schema_keeps_each_key_of_code_and_predict_questions_to_its_type(validator):
    """A key that only code (or only predict) questions have is underlined on every other
    type, as the loader refuses it there."""
    valid_values = {
        "starter": BASE["code"]["starter"],
        "cases": [{"x": [1.0]}],
        "random_cases": 3,
        "wrong": [WRONG_RELU],
        "code": "print(1)",
    }
    assert set(valid_values) == {*CODE_KEYS, *PREDICT_KEYS}
    for key, value in valid_values.items():
        owner = "code" if key in CODE_KEYS else "predict"
        for qtype in QUESTION_TYPES:
            errors = list(validator.iter_errors(bank(question(qtype, **{key: value}))))
            assert (errors == []) is (qtype == owner), (key, qtype)
