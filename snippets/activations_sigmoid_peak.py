"""Scans σ'(x) with autograd: its maximum is 0.25, reached at x = 0."""

import torch

# The numeric choices of the question, in YAML order (D is "no maximum").
CHOICES = {"A": 0.5, "B": 1.0, "C": 0.25}


def answer(*, device="cpu"):
    x = torch.linspace(-10, 10, 20001, dtype=torch.float64, device=device, requires_grad=True)
    torch.sigmoid(x).sum().backward()  # each x[i] only affects its own output: grad = σ'(x[i])
    grad = x.grad
    peak, where = grad.max().item(), x[grad.argmax()].item()
    print(f"max σ'(x) = {peak:.6f} at x = {where:+.4f}")
    assert abs(where) < 1e-9 and abs(peak - 0.25) < 1e-12
    assert grad[0].item() < 1e-4 and grad[-1].item() < 1e-4  # saturated tails: almost no gradient
    (letter,) = [k for k, v in CHOICES.items() if abs(v - peak) < 1e-6]
    return letter


if __name__ == "__main__":
    print(answer())
