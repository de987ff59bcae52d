"""clip_grad_norm_ rescales the whole gradient by max_norm/‖g‖ only when ‖g‖ exceeds max_norm."""

import math

import torch
from torch import nn


def answer(g1=3.0, g2=4.0, max_norm=1.0, *, device="cpu"):
    torch.manual_seed(0)
    layer = nn.Linear(2, 1, bias=False, device=device)
    x = torch.tensor([[float(g1), float(g2)]], device=device)
    layer(x).sum().backward()  # d(w·x)/dw = x, so the gradient is exactly (g1, g2)
    assert torch.equal(layer.weight.grad, x)

    total = nn.utils.clip_grad_norm_(layer.parameters(), max_norm=max_norm)
    norm = math.hypot(g1, g2)
    assert abs(total.item() - norm) < 1e-4  # it returns the norm from before clipping
    clipped = layer.weight.grad[0]
    expected = [g * min(1.0, max_norm / norm) for g in (g1, g2)]
    assert all(abs(c - e) < 1e-4 for c, e in zip(clipped.tolist(), expected, strict=True))
    assert clipped.norm().item() <= max_norm + 1e-4  # the direction is kept, the length capped
    return clipped[0].item()


if __name__ == "__main__":
    for m in (1.0, 2.0, 5.0, 10.0):
        print(f"g = (3, 4), max_norm = {m}: first component -> {answer(3, 4, m):.4f}")
