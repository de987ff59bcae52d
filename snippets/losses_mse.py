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


if __name__ == "__main__":
    print(answer(), answer(reduction="sum"))
