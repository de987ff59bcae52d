"""Inverted dropout: kept units are scaled by 1/(1-p) in training; eval mode is the identity."""

import torch
from torch import nn


def answer(p=0.5, *, device="cpu"):
    torch.manual_seed(0)
    drop = nn.Dropout(p=p)
    x = torch.ones(100_000, device=device)
    y = drop.train()(x)
    zero_fraction = (y == 0).float().mean().item()
    assert abs(zero_fraction - p) < 0.01  # about p of the units are dropped
    kept = y[y != 0].unique()
    assert kept.numel() == 1  # every survivor gets the same scale
    assert abs(y.mean().item() - 1.0) < 0.02  # so the expected activation is unchanged
    assert torch.equal(drop.eval()(x), x)  # at test time dropout does nothing
    value = kept.item()
    assert abs(value - 1 / (1 - p)) < 1e-5
    return value


if __name__ == "__main__":
    print(answer())
