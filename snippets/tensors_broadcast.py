"""Shape of a + b under broadcasting, from a real addition, checked against the rule."""

import ast
import itertools

import torch


def rule(a, b):
    """Align from the right; each pair of sizes must be equal or contain a 1."""
    out = []
    for x, y in itertools.zip_longest(reversed(a), reversed(b), fillvalue=1):
        assert x == y or 1 in (x, y), f"{a} and {b} do not broadcast"
        out.append(max(x, y))
    return list(reversed(out))


def answer(a="(4, 1)", b="(1, 5)", *, device="cpu"):
    sa, sb = ast.literal_eval(a), ast.literal_eval(b)
    out = torch.zeros(sa, device=device) + torch.ones(sb, device=device)
    assert list(out.shape) == rule(sa, sb)
    return list(out.shape)


if __name__ == "__main__":
    print(answer())
