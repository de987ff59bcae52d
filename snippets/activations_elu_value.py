"""nn.ELU(alpha)(x): x for x > 0, alpha·(eˣ − 1) for x ≤ 0, checked against the formula."""

import math

import torch
from torch import nn


def answer(x=-1.0, alpha=1.0, *, device="cpu"):
    t = torch.tensor(float(x), dtype=torch.float64, device=device)
    y = nn.ELU(alpha=alpha)(t).item()
    by_hand = x if x > 0 else alpha * (math.exp(x) - 1)
    assert abs(y - by_hand) < 1e-12
    return round(y, 6)


if __name__ == "__main__":
    for x in (-2.0, -1.0, -0.5, 1.5):
        print(f"ELU({x:+.1f}) = {answer(x):+.4f}  (alpha = 1)")
