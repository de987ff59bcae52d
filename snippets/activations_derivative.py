"""The derivative of sigmoid or tanh at x, taken by autograd and checked against the formula."""

import math

import torch


def answer(fn="sigmoid", x=0.0, *, device="cpu"):
    torch.manual_seed(0)
    t = torch.tensor(float(x), dtype=torch.float64, device=device, requires_grad=True)
    f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh}[fn]
    y = f(t)
    y.backward()
    grad = t.grad.item()
    # The textbook formulas: σ'(x) = σ(x)(1 − σ(x)), tanh'(x) = 1 − tanh²(x).
    v = y.item()
    formula = v * (1 - v) if fn == "sigmoid" else 1 - v * v
    assert abs(grad - formula) < 1e-12
    return grad


def _slope(fn, x):
    if fn == "sigmoid":
        s = 1 / (1 + math.exp(-x))
        return s * (1 - s)
    return 1 - math.tanh(x) ** 2


def _unless_close(value, fn, x):
    """None where a mistake lands within the tolerance of the right slope."""
    return None if abs(value - _slope(fn, x)) < 0.002 else value


def mistake_value_not_slope(fn="sigmoid", x=0.0):
    """The function's value at x instead of its derivative."""
    value = 1 / (1 + math.exp(-x)) if fn == "sigmoid" else math.tanh(x)
    return _unless_close(value, fn, x)


def mistake_tanh_unsquared(fn="sigmoid", x=0.0):
    """1 - tanh(x), the square forgotten."""
    return _unless_close(1 - math.tanh(x), fn, x) if fn == "tanh" else None


if __name__ == "__main__":
    for fn in ("sigmoid", "tanh"):
        for x in (-2.0, 0.0, 1.0, 3.0):
            print(f"{fn}'({x:+.1f}) = {answer(fn, x):.4f}")
