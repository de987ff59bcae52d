"""Perfect predictions, nonzero loss: MSELoss on (N, 1) against (N,) averages all N² pairs."""

import warnings

import torch
from torch import nn


def answer(n=3, *, device="cpu"):
    targets = torch.arange(1, n + 1, dtype=torch.float64, device=device)  # 1, 2, …, n
    outputs = targets.clone().view(n, 1)  # every prediction exactly right, shape (N, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the size-mismatch warning is the point here
        loss = nn.MSELoss()(outputs, targets).item()
    correct = nn.MSELoss()(outputs.squeeze(1), targets).item()
    assert correct == 0.0
    # By hand: the mean of (i − j)² over all n² pairs (i, j) = (n² − 1) / 6.
    pairs = [(i - j) ** 2 for i in range(1, n + 1) for j in range(1, n + 1)]
    assert abs(loss - sum(pairs) / n**2) < 1e-12
    assert abs(loss - (n * n - 1) / 6) < 1e-12
    return round(loss, 6)


if __name__ == "__main__":
    for n in (2, 3, 4):
        print(f"n = {n}: loss {answer(n)} although every prediction is exact")
