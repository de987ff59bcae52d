"""Gradient of nn.LeakyReLU(negative_slope) at x, by autograd: 1 for x > 0, the slope for x < 0."""

import torch
from torch import nn


def answer(x=-2.0, slope=0.01, *, device="cpu"):
    torch.manual_seed(0)
    t = torch.tensor(float(x), dtype=torch.float64, device=device, requires_grad=True)
    y = nn.LeakyReLU(negative_slope=slope)(t)
    y.backward()
    grad = t.grad.item()
    assert grad == (1.0 if x > 0 else slope)
    assert y.item() == (x if x > 0 else slope * x)
    # Plain ReLU would give no gradient at all on the negative side.
    t.grad = None
    torch.relu(t).backward()
    assert t.grad.item() == (1.0 if x > 0 else 0.0)
    return grad


if __name__ == "__main__":
    for x in (-2.0, -0.5, 1.5):
        print(f"LeakyReLU(0.1)'({x}) = {answer(x, 0.1)}")
