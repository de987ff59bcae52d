"""The Exponential Linear Unit, nn.ELU: identity for x > 0, alpha·(eˣ − 1) for x ≤ 0."""

import torch
from torch import nn


def demo(*, device="cpu"):
    x = torch.linspace(-4, 2, 7, dtype=torch.float64, device=device)
    for name, act in (
        ("ReLU", nn.ReLU()),
        ("LeakyReLU(0.1)", nn.LeakyReLU(0.1)),
        ("ELU", nn.ELU()),
    ):
        print(f"{name:15}", [round(v, 3) for v in act(x).tolist()])
    by_hand = torch.where(x > 0, x, torch.exp(x) - 1)
    assert torch.allclose(nn.ELU()(x), by_hand)
    assert torch.allclose(
        nn.functional.elu(x, alpha=2.0), torch.where(x > 0, x, 2 * (torch.exp(x) - 1))
    )
    assert sum(p.numel() for p in nn.ELU().parameters()) == 0  # alpha is fixed, not learned


if __name__ == "__main__":
    demo()
