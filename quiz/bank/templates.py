"""Starter content for `quiz new`: a bank that shows every question type, and its snippets.

Owns the text of the templates (a bank file with one question of each type plus a
parametric one, a single question to paste into a bank, the example snippets, among them
the reference skeleton a code question needs) and writing them out without overwriting
anything. Reading and validating banks is catalog.py's; the command and its output are
cli.py's.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from quiz.bank import format
from quiz.errors import QuizError
from quiz.model import QUESTION_TYPES

# The rule the loader applies to `bank:` and question ids: a name must load as the bank it names.
BANK_ID = format.name_check(format.ID)

# What each type's answer looks like, written above the question in both templates.
_TYPE_NOTES = {
    "numeric": """\
  # numeric: the answer is a number. A key matches to 1e-9 (relative) unless the question sets
  # `tolerance: 0.01` (absolute) or `rel_tol: 0.02` (relative). Students may type 1.2e3,
  # 23.5M, 1,204 or full-width digits.
""",
    "shape": """\
  # shape: a list of non-negative ints. Students may type (8, 16, 16, 16), 8x16x16x16 or
  # [8,16,16,16].
""",
    "choice": """\
  # choice: one letter. Letters follow the YAML order of `choices` (the first is A); reviews
  # show the choices shuffled, but the key is always the YAML letter. So name a choice in the
  # explanation rather than cite its letter, and give `shuffle: false` to a question whose
  # choices must keep their place ("all of the above").
""",
    "multi": """\
  # multi: all the right letters, in any order: [A, C]. Students must pick exactly these.
""",
    "text": """\
  # text: the accepted strings, one list for every language or one list per language (all of
  # them are accepted whatever --lang is). They are compared after Unicode, case and space
  # normalization. With `match: regex` each string is instead a regular expression that must
  # match the whole answer, e.g. "batch ?norm(ali[sz]ation)?".
""",
    "open": """\
  # open: a model answer. Students answer, compare theirs with it and grade themselves (0-5);
  # exams leave open questions out unless sat with `quiz exam --open`.
""",
    "code": """\
  # code: students write the function that `starter` begins (its def line and docstring fill
  # their editor). It runs beside the snippet's answer(), the reference, on each of `cases`
  # and on `random_cases` more that the snippet's random_case(rng) draws; each result must
  # match the reference's (torch.testing.assert_close, `tolerance`/`rel_tol` set atol/rtol).
  # No `answer`: the snippet is the key. `quiz check --run` proves the reference passes its
  # cases and every `wrong:` solution fails one; `quiz judge ID --file mine.py` judges yours.
""",
    "predict": """\
  # predict: students say what `code` prints (or `error: ClassName` if it raises). The key is
  # what it really prints, run on the student's device (a global `device` names it): a
  # number is judged to the precision printed, a torch.Size as a shape, anything else as
  # text with spaces ignored. `{n}` in the code takes the value of a number param `n`.
  # `snippet: NAME` instead shows and runs a whole snippet file. No `answer`.
""",
}

# One question of each type, `$id` for its id; bank_template adds the snippets that prove them.
_QUESTIONS = {
    "numeric": """\
  - id: $id
    type: numeric
    prompt:
      en: "A 32×32 input goes through nn.Conv2d(kernel_size=5, stride=1, padding=0). Output width?"
      zh: "32×32 的输入经过 nn.Conv2d(kernel_size=5, stride=1, padding=0)，输出宽度是多少？"
    answer: 28
    explanation:
      en: "out = ⌊(W + 2P − K) / S⌋ + 1 = ⌊(32 + 0 − 5) / 1⌋ + 1 = 28."
      zh: "输出 = ⌊(W + 2P − K) / S⌋ + 1 = ⌊(32 + 0 − 5) / 1⌋ + 1 = 28。"
""",
    "shape": """\
  - id: $id
    type: shape
    prompt:
      # Long text: `>-` folds these lines into one, joined by spaces.
      en: >-
        x has shape (8, 3, 32, 32). What is the shape of
        nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)(x)?
      zh: >-
        x 的形状为 (8, 3, 32, 32)。
        nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)(x) 的形状是什么？
    answer: [8, 16, 16, 16]
    explanation:
      en: "N stays 8, C becomes out_channels = 16, H = W = ⌊(32 + 2 − 3) / 2⌋ + 1 = 16."
      zh: "N 仍为 8，C 变为 out_channels = 16，H = W = ⌊(32 + 2 − 3) / 2⌋ + 1 = 16。"
""",
    "choice": """\
  - id: $id
    type: choice
    prompt:
      en: "Which optimizer gives every parameter its own adaptive step size?"
      zh: "哪种优化器为每个参数自适应地调整步长？"
    choices:
      - SGD
      - {en: "SGD with momentum", zh: "带动量的 SGD"}
      - Adam
      - {en: "SGD with a step learning-rate schedule", zh: "按阶梯衰减学习率的 SGD"}
    answer: C
    explanation:
      en: >-
        Adam divides each parameter's step by the root of its own running mean of squared
        gradients, so a weight with large gradients takes steps no larger than one with small
        gradients. Momentum and schedules change one global step size.
      zh: >-
        Adam 把每个参数的步长除以它自己的梯度平方滑动平均的平方根，
        所以梯度大的参数并不会迈出更大的步子。动量和学习率调度改变的是所有参数共用的步长。
""",
    "multi": """\
  - id: $id
    type: multi
    prompt:
      en: "Which of these layers have no learnable parameters?"
      zh: "下列哪些层没有可学习的参数？"
    choices:
      - nn.ReLU()
      - nn.MaxPool2d(2)
      - nn.BatchNorm2d(16)
      - nn.Dropout(0.5)
    answer: [A, B, D]
    explanation:
      en: >-
        ReLU, max pooling and dropout are fixed functions. BatchNorm2d(16) learns a scale γ
        and a shift β per channel: 2 × 16 = 32 parameters.
      zh: >-
        ReLU、最大池化和 Dropout 都是固定的运算。BatchNorm2d(16) 为每个通道学习缩放 γ 和平移 β，
        共 2 × 16 = 32 个参数。
""",
    "text": """\
  - id: $id
    type: text
    prompt:
      en: "Which layer normalizes each channel with the mean and variance of the mini-batch?"
      zh: "用当前小批量的均值和方差对每个通道做归一化的层叫什么？"
    answer:
      en: ["batch normalization", "batch normalisation", "batch norm", "batchnorm", "BN"]
      zh: ["批归一化", "批量归一化", "批标准化"]
    explanation:
      en: "Batch normalization (Ioffe & Szegedy, 2015), nn.BatchNorm2d in PyTorch."
      zh: "批归一化（Batch Normalization，Ioffe 与 Szegedy，2015），PyTorch 中的 nn.BatchNorm2d。"
""",
    "open": """\
  - id: $id
    type: open
    prompt:
      en: "Why do VGG-style networks stack two 3×3 convolutions instead of using one 5×5?"
      zh: "VGG 这类网络为什么用两层 3×3 卷积代替一层 5×5 卷积？"
    answer:
      en: >-
        The same 5×5 receptive field with fewer weights (2·9·C² = 18C² against 25C² for C
        channels in and out) and one more nonlinearity between the layers.
      zh: >-
        感受野同样是 5×5，但权重更少（输入输出均为 C 个通道时 2·9·C² = 18C²，而 5×5 需要 25C²），
        并且两层之间多了一个非线性激活。
    explanation:
      en: "Receptive field of n stacked stride-1 3×3 layers: 1 + 2n, so 5 for n = 2."
      zh: "n 层步长为 1 的 3×3 卷积堆叠，感受野为 1 + 2n；n = 2 时为 5。"
""",
    "code": """\
  - id: $id
    type: code
    prompt:
      en: >-
        Write softmax(x): the softmax of a 2-D float tensor over its last dimension, without
        torch.softmax or F.softmax. Logits in the hundreds must not overflow.
      zh: >-
        实现 softmax(x)：对二维浮点张量的最后一维做 softmax，不能调用 torch.softmax 或
        F.softmax。logits 达到几百时也不能溢出。
    starter: |
      def softmax(x):
          \"\"\"Softmax of x, a 2-D float tensor, over its last dimension.\"\"\"
    # answer() in this snippet is the reference; its prepare() makes each case a tensor.
    snippet: $snippet
    cases:
      - {x: [[1.0, 2.0, 3.0]]}
      - {x: [[0.0, 0.0], [1.0, -1.0]]}
      - {x: [[1000.0, 1001.0, 1002.0]]}
    random_cases: 20
    # Each must fail some case, or the cases cannot tell it from a right answer.
    wrong:
      - |
        def softmax(x):
            e = x.exp()
            return e / e.sum(dim=-1, keepdim=True)
      - |
        def softmax(x):
            e = (x - x.max()).exp()
            return e / e.sum()
    explanation:
      en: >-
        Subtract each row's maximum before exp(): softmax(x) = softmax(x − c) for any c, and
        then no exponent exceeds 0, so exp() cannot overflow. Normalize each row on its own
        (dim=-1, keepdim=True), not by the sum over the whole tensor.
      zh: >-
        先减去每一行的最大值再取 exp()：对任意常数 c，softmax(x) = softmax(x − c)，这样指数都不超过
        0，exp() 不会溢出。每一行要单独归一化（dim=-1, keepdim=True），而不是除以整个张量的和。
""",
    "predict": """\
  - id: $id
    type: predict
    prompt:
      en: "What does this code print?"
      zh: "这段代码输出什么？"
    code: |
      import torch

      x = torch.zeros(8, 3, 32, 32, device=device)
      print(x.flatten(1).shape)
    explanation:
      en: "flatten(1) keeps dimension 0 (the batch) and multiplies the rest: 3 × 32 × 32 = 3072."
      zh: "flatten(1) 保留第 0 维（批量），把其余各维相乘：3 × 32 × 32 = 3072。"
""",
}

# Where a pasted question gets its proof, if it has one.
_SNIPPET_HINT = """\
    # Optional: `snippet: NAME` runs snippets/NAME.py on `quiz check --run`: its answer() must
    # return the key, or, without answer(), its asserts must hold.
"""

# What a pasted question of these types says instead: what its code needs, and where it is.
_EXECUTABLE_HINTS = {
    "code": """\
    # snippets/$snippet.py beside the bank holds the reference: answer(), random_case(rng),
    # prepare(case, *, device) and a self-check (`python snippets/$snippet.py`). Then
    # `quiz trust BANK` (the snippet and the wrong solutions) and `quiz check BANK --run`.
""",
    "predict": """\
    # `quiz trust BANK` lets the code run (trusted by its hash, as snippets are); then
    # `quiz check BANK --run` prints the key it computes on this device.
""",
}

# The snippets that prove the bank template's questions, by type (`$stem`: the snippet prefix;
# a code question names its own, which it needs).
_BANK_SNIPPETS = {
    "numeric": """\
    # `quiz check --run` calls answer(**args) in snippets/${stem}_example.py: it must return 28.
    snippet: {name: ${stem}_example, args: {size: 32, kernel: 5, stride: 1, padding: 0}}
""",
    "shape": """\
    snippet: {name: ${stem}_shape, args: {batch: 8, channels: 3, size: 32, out_channels: 16}}
""",
    "choice": """\
    # A snippet without answer() is a demonstration: `quiz check --run` runs its demo(), and
    # the question is proved when it returns, so its asserts are the proof.
    snippet: ${stem}_demo
""",
}

_BANK_HEADER = """\
# A new quiz bank. Lint it as you write, then prove its keys by running its snippets:
#   quiz check $name.yaml          # the format: unknown keys, bad answers, missing snippets
#   quiz trust $name.yaml          # once, and after every snippet edit: lets them run
#   quiz check $name.yaml --run    # runs every snippet and checks each key against it
# Students load it with `quiz review --bank $name.yaml` (or list it in QUIZ_BANKS).
bank: "$name"
# Every text field is a plain string, or a map of language to string: students see their
# --lang, else English, else whatever is there.
title: {en: "$name: a new question bank", zh: "$name：新题库"}
# Tags given here are added to every question; `quiz review --tag T` picks by tag.
tags: [example]
# Snippets are found in snippets/ beside this file (else in ../snippets/), or in the folder
# inside this one that `snippets_dir: some/folder` names.
questions:
  # Each id is unique across all loaded banks and keys the review history: to rename one,
  # keep the history with `renamed_from: [old-id]`.
"""

_PARAMETRIC = """\
  # Parametric: `params` is a grid (3 × 2 × 2 × 2 = 24 variants here); each review draws one
  # and fills the prompt's {placeholders}, which must all be params. `answer: snippet` makes
  # the key answer(**variant); `quiz check --run` proves every variant (`--variants 5` proves
  # a sample). To list variants by hand, write `variants: [{size: 28, kernel: 3}, ...]`.
  - id: $name-drill
    type: numeric
    params:
      size: [28, 32, 64]
      kernel: [3, 5]
      stride: [1, 2]
      padding: [0, 1]
    prompt:
      en: >-
        Input {size}×{size}, nn.Conv2d(kernel_size={kernel}, stride={stride},
        padding={padding}). What is the output width?
      zh: >-
        输入 {size}×{size}，经过 nn.Conv2d(kernel_size={kernel}, stride={stride},
        padding={padding})，输出宽度是多少？
    answer: snippet
    snippet: ${stem}_example
    explanation:
      en: >-
        out = ⌊(W + 2P − K) / S⌋ + 1. For example W = 64, K = 5, S = 2, P = 1:
        ⌊(64 + 2 − 5) / 2⌋ + 1 = 30 + 1 = 31.
      zh: >-
        输出 = ⌊(W + 2P − K) / S⌋ + 1。例：W = 64，K = 5，S = 2，P = 1：
        ⌊(64 + 2 − 5) / 2⌋ + 1 = 30 + 1 = 31。
"""

_EXAMPLE_SNIPPET = '''\
"""Output width of a Conv2d, measured by pushing a tensor through a real layer.

The snippet contract: `answer(**args, device=...)` returns the value that the question's key
must equal. `quiz check --run` calls it with the question's `args` (or a parametric variant's
values) and the chosen device; `python snippets/NAME.py` runs it on its own.
"""

import torch
from torch import nn


def answer(size=32, kernel=5, stride=1, padding=0, *, device="cpu"):
    torch.manual_seed(0)  # the same args always give the same value
    conv = nn.Conv2d(1, 1, kernel, stride=stride, padding=padding, device=device)
    x = torch.randn(1, 1, size, size, device=device)
    with torch.no_grad():
        out = conv(x)
    # An assert is a second proof: the textbook formula must agree with PyTorch.
    assert out.shape[-1] == (size + 2 * padding - kernel) // stride + 1
    return int(out.shape[-1])


if __name__ == "__main__":
    print(answer())
'''

_SHAPE_SNIPPET = '''\
"""Shape (N, C, H, W) of a Conv2d's output on a batch, from a real forward pass.

A shape question's answer() returns a list (or torch.Size) of ints.
"""

import torch
from torch import nn


def answer(
    batch=8, channels=3, size=32, out_channels=16, kernel=3, stride=2, padding=1, *, device="cpu"
):
    torch.manual_seed(0)
    conv = nn.Conv2d(channels, out_channels, kernel, stride, padding, device=device)
    x = torch.randn(batch, channels, size, size, device=device)
    with torch.no_grad():
        return list(conv(x).shape)


if __name__ == "__main__":
    print(answer())
'''

_CODE_SNIPPET = '''\
"""Reference for a code question: softmax over the last dimension, written to be stable.

The contract of a code question's snippet:
- answer(**case, device=...) is the reference. The student's function is called with the
  same arguments and must return the same value (torch.testing.assert_close, within the
  question's tolerance and rel_tol).
- random_case(rng) draws one case, a dict of argument names to plain values (numbers,
  lists), from rng: a random.Random seeded from the question id and the case's number, so
  every run draws the same cases. A failing case is shown to the student as these values.
- prepare(case, *, device) (optional) turns a case's plain values into the arguments both
  functions get: here a tensor on the student's device.
- Before the reference's call and before the student's call of each case, torch.manual_seed
  is set to the same value: code that draws random numbers draws the same ones.
`python snippets/NAME.py` runs the self-check at the bottom.
"""

import random

import torch


def answer(x=((1.0, 2.0, 3.0),), *, device="cpu"):
    x = torch.as_tensor(x, dtype=torch.float32, device=device)
    e = (x - x.max(dim=-1, keepdim=True).values).exp()  # exponents <= 0: no overflow
    return e / e.sum(dim=-1, keepdim=True)


def random_case(rng: random.Random):
    rows, cols = rng.randint(1, 4), rng.randint(2, 6)
    scale = rng.choice([1.0, 10.0, 100.0])  # 100: a naive exp() overflows float32
    return {"x": [[round(rng.gauss(0.0, scale), 3) for _ in range(cols)] for _ in range(rows)]}


def prepare(case, *, device="cpu"):
    return {"x": torch.tensor(case["x"], dtype=torch.float32, device=device)}


if __name__ == "__main__":
    torch.manual_seed(0)
    rng = random.Random(0)
    for _ in range(100):
        x = prepare(random_case(rng))["x"]
        p = answer(x)
        # A second proof: PyTorch's own softmax agrees, and every row sums to 1.
        assert torch.allclose(p, torch.softmax(x, dim=-1))
        assert torch.allclose(p.sum(dim=-1), torch.ones(x.shape[0]))
    print(answer())
'''

_DEMO_SNIPPET = '''\
"""A demonstration (no answer()): Adam scales each parameter's step, SGD does not.

`quiz check --run` calls demo(device=...) and passes it when it returns: its asserts are the
proof. (A snippet with neither answer() nor demo() runs as a script and passes when it exits
0.) Students see what it prints when they ask for the proof during a review.
"""

import torch


def first_step(optimizer_class, device):
    """How far one step moves two weights whose gradients differ a hundredfold."""
    weights = torch.zeros(2, device=device, requires_grad=True)
    optimizer = optimizer_class([weights], lr=0.1)
    loss = (weights * torch.tensor([1.0, 100.0], device=device)).sum()
    loss.backward()
    optimizer.step()
    return weights.detach().abs().cpu()


def demo(*, device="cpu"):
    torch.manual_seed(0)
    sgd = first_step(torch.optim.SGD, device)
    adam = first_step(torch.optim.Adam, device)
    print("SGD  step per weight:", sgd.tolist(), "<- lr × gradient")
    print("Adam step per weight:", adam.tolist(), "<- lr × m / sqrt(v), about lr for both")
    assert torch.allclose(sgd, torch.tensor([0.1, 10.0]))
    assert torch.allclose(adam, torch.tensor([0.1, 0.1]), atol=1e-4)


if __name__ == "__main__":
    demo()
'''


def snippet_stem(name: str) -> str:
    """The prefix of a bank's snippet file names: its id made a Python identifier."""
    stem = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return f"bank_{stem}" if stem[:1].isdigit() else stem


# The snippet a code question's template names: in a new bank, and pasted on its own.
_CODE_SNIPPET_NAME = "${stem}_softmax"
_PASTED_CODE_SNIPPET = "new_softmax"


def bank_template(name: str) -> tuple[str, dict[str, str]]:
    """A new bank `name` showing every question type, and the snippets it names by file name."""
    _require_bank_id(name)
    stem = snippet_stem(name)
    code_snippet = Template(_CODE_SNIPPET_NAME).substitute(stem=stem)
    parts = [Template(_BANK_HEADER).substitute(name=name)]
    for qtype in QUESTION_TYPES:
        question = Template(_QUESTIONS[qtype]).substitute(
            id=f"{name}-{qtype}", snippet=code_snippet
        )
        snippet = Template(_BANK_SNIPPETS.get(qtype, "")).substitute(stem=stem)
        parts.append(f"\n{_TYPE_NOTES[qtype]}{question}{snippet}")
    parts.append("\n" + Template(_PARAMETRIC).substitute(name=name, stem=stem))
    snippets = {
        f"{stem}_example.py": _EXAMPLE_SNIPPET,
        f"{stem}_shape.py": _SHAPE_SNIPPET,
        f"{stem}_demo.py": _DEMO_SNIPPET,
        f"{code_snippet}.py": _CODE_SNIPPET,
    }
    return "".join(parts), snippets


def question_template(qtype: str) -> str:
    """One question of type `qtype`, indented to paste under a bank's `questions:`. A code
    question names the snippet that question_snippets(qtype) gives."""
    if qtype not in _QUESTIONS:
        raise ValueError(f"unknown question type {qtype!r}: choose {', '.join(QUESTION_TYPES)}")
    id_note = "  # Rename the id: unique across all loaded banks, the review history keys on it.\n"
    question = Template(_QUESTIONS[qtype]).substitute(
        id=f"new-{qtype}", snippet=_PASTED_CODE_SNIPPET
    )
    hint = Template(_EXECUTABLE_HINTS.get(qtype, _SNIPPET_HINT)).substitute(
        snippet=_PASTED_CODE_SNIPPET
    )
    return f"{_TYPE_NOTES[qtype]}{id_note}{question}{hint}"


def question_snippets(qtype: str) -> dict[str, str]:
    """The snippet files, by file name, that question_template(qtype) names: a code
    question's reference skeleton; none for the other types."""
    if qtype not in _QUESTIONS:
        raise ValueError(f"unknown question type {qtype!r}: choose {', '.join(QUESTION_TYPES)}")
    return {f"{_PASTED_CODE_SNIPPET}.py": _CODE_SNIPPET} if qtype == "code" else {}


def write_bank(name: str, folder: Path) -> list[Path]:
    """Write `folder/NAME.yaml` and its snippets under `folder/snippets/`; never overwrites."""
    text, snippets = bank_template(name)
    files = {folder / f"{name}.yaml": text}
    files.update(
        (folder / "snippets" / file_name, source) for file_name, source in snippets.items()
    )
    return _write_new(files)


def write_question_snippets(qtype: str, folder: Path) -> list[Path]:
    """Write the snippets a pasted `qtype` question names under `folder/snippets/` (folder:
    where its bank is); never overwrites. None for most types."""
    snippets = question_snippets(qtype)
    return _write_new({folder / "snippets" / name: source for name, source in snippets.items()})


def _write_new(files: dict[Path, str]) -> list[Path]:
    """Write every file, or none if one of them exists already."""
    for path in files:
        if path.exists():
            raise QuizError(f"{path} already exists; not overwriting it")
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return list(files)


def _require_bank_id(name: str) -> None:
    if not BANK_ID.match(name):
        raise QuizError(
            f"{name!r} is not a bank id: use letters, digits, '-', '_' or '.',"
            " starting with a letter or digit"
        )
