"""nn.MSELoss on predictions (a, b) against targets (1, 1), with reduction 'mean' or 'sum'."""

import torch
from torch import nn


def answer(a=3.0, b=-1.0, reduction="mean", *, device="cpu"):
    torch.manual_seed(0)
    pred = torch.tensor([float(a), float(b)], dtype=torch.float64, device=device)
    target = torch.ones(2, dtype=torch.float64, device=device)
    loss = nn.MSELoss(reduction=reduction)(pred, target)
    squares = (a - 1) ** 2 + (b - 1) ** 2
    assert abs(loss.item() - (squares / 2 if reduction == "mean" else squares)) < 1e-12
    assert nn.MSELoss().reduction == "mean"  # the default, as for CrossEntropyLoss
    return loss.item()


def _reduced(a, b, reduction, power=2):
    total = abs(a - 1) ** power + abs(b - 1) ** power
    return total / 2 if reduction == "mean" else total


def mistake_swapped(a=3.0, b=-1.0, reduction="mean"):
    """The other reduction: the sum for 'mean', the mean for 'sum'."""
    value = _reduced(a, b, "sum" if reduction == "mean" else "mean")
    return None if value == _reduced(a, b, reduction) else value


def mistake_absolute(a=3.0, b=-1.0, reduction="mean"):
    """The errors' sizes left unsquared: L1Loss."""
    value = _reduced(a, b, reduction, power=1)
    return None if abs(value - _reduced(a, b, reduction)) < 0.002 else value


if __name__ == "__main__":
    print(answer(), answer(reduction="sum"))
