"""ELU saturates smoothly at −alpha for very negative inputs (ReLU stops at 0)."""

import torch
from torch import nn


def answer(alpha=0.5, *, device="cpu"):
    x = torch.tensor([-1.0, -5.0, -20.0, -100.0], dtype=torch.float64, device=device)
    y = nn.ELU(alpha=alpha)(x)
    print(f"ELU(alpha={alpha}) at {x.tolist()}: {[round(v, 6) for v in y.tolist()]}")
    assert torch.all(y[1:] < y[:-1])  # still falling, ever more slowly ...
    assert torch.all(y[:-1] > -alpha) and torch.all(y >= -alpha)  # ... never below −alpha
    assert abs(y[-1].item() + alpha) < 1e-12  # alpha·(e⁻¹⁰⁰ − 1) = −alpha in float64
    return round(y[-1].item(), 6)


if __name__ == "__main__":
    print(answer())
