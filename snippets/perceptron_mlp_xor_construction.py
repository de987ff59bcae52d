"""A hand-built 2-layer step network computes XOR: h1 = OR, h2 = AND, y = h1 AND NOT h2."""

import torch
from torch import nn


def step(z):
    return torch.heaviside(z, torch.ones_like(z))  # 1 if z >= 0 else 0


def demo(*, device="cpu"):
    hidden = nn.Linear(2, 2).to(device)
    out = nn.Linear(2, 1).to(device)
    with torch.no_grad():
        hidden.weight.copy_(torch.tensor([[1.0, 1.0], [1.0, 1.0]], device=device))
        # thresholds 0.5 (OR) and 1.5 (AND)
        hidden.bias.copy_(torch.tensor([-0.5, -1.5], device=device))
        out.weight.copy_(torch.tensor([[1.0, -1.0]], device=device))
        out.bias.fill_(-0.5)  # y = step(h1 - h2 - 0.5)
        x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], device=device)
        h = step(hidden(x))
        y = step(out(h))
    x, h, y = x.cpu(), h.cpu(), y.cpu()
    for xi, hi, yi in zip(x.tolist(), h.tolist(), y.flatten().tolist(), strict=True):
        print(f"x = {xi} -> h = (OR, AND) = {hi} -> y = {yi}")
    # In hidden space the points become (0,0), (1,0), (1,0), (1,1): now a line separates them.
    assert y.flatten().tolist() == [0.0, 1.0, 1.0, 0.0]


if __name__ == "__main__":
    demo()
