"""The derivative of sigmoid or tanh at x, taken by autograd and checked against the formula."""

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


if __name__ == "__main__":
    for fn in ("sigmoid", "tanh"):
        for x in (-2.0, 0.0, 1.0, 3.0):
            print(f"{fn}'({x:+.1f}) = {answer(fn, x):.4f}")
