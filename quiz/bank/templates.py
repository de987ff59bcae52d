"""Starter content for `quiz new`: a bank that shows every question type, and its snippets.

Owns the text of the templates (a bank file with one question of each type plus a
parametric one, a single question to paste into a bank, the example snippets) and writing
them out without overwriting anything. Reading and validating banks is catalog.py's; the
command and its output are cli.py's.
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
}

# Where a pasted question gets its proof, if it has one.
_SNIPPET_HINT = """\
    # Optional: `snippet: NAME` runs snippets/NAME.py on `quiz check --run`: its answer() must
    # return the key, or, without answer(), its asserts must hold.
"""

# The snippets that prove the bank template's questions, by type (`$stem`: the snippet prefix).
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


def bank_template(name: str) -> tuple[str, dict[str, str]]:
    """A new bank `name` showing every question type, and the snippets it names by file name."""
    _require_bank_id(name)
    stem = snippet_stem(name)
    parts = [Template(_BANK_HEADER).substitute(name=name)]
    for qtype in QUESTION_TYPES:
        question = Template(_QUESTIONS[qtype]).substitute(id=f"{name}-{qtype}")
        snippet = Template(_BANK_SNIPPETS.get(qtype, "")).substitute(stem=stem)
        parts.append(f"\n{_TYPE_NOTES[qtype]}{question}{snippet}")
    parts.append("\n" + Template(_PARAMETRIC).substitute(name=name, stem=stem))
    snippets = {
        f"{stem}_example.py": _EXAMPLE_SNIPPET,
        f"{stem}_shape.py": _SHAPE_SNIPPET,
        f"{stem}_demo.py": _DEMO_SNIPPET,
    }
    return "".join(parts), snippets


def question_template(qtype: str) -> str:
    """One question of type `qtype`, indented to paste under a bank's `questions:`."""
    if qtype not in _QUESTIONS:
        raise ValueError(f"unknown question type {qtype!r}: choose {', '.join(QUESTION_TYPES)}")
    id_note = "  # Rename the id: unique across all loaded banks, the review history keys on it.\n"
    question = Template(_QUESTIONS[qtype]).substitute(id=f"new-{qtype}")
    return f"{_TYPE_NOTES[qtype]}{id_note}{question}{_SNIPPET_HINT}"


def write_bank(name: str, folder: Path) -> list[Path]:
    """Write `folder/NAME.yaml` and its snippets under `folder/snippets/`; never overwrites."""
    text, snippets = bank_template(name)
    files = {folder / f"{name}.yaml": text}
    files.update(
        (folder / "snippets" / file_name, source) for file_name, source in snippets.items()
    )
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
