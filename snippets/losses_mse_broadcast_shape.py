"""Predictions (N, 1) minus targets (N,) broadcast to an (N, N) table, and MSELoss warns."""

import warnings

import torch
from torch import nn


def answer(n=100, *, device="cpu"):
    torch.manual_seed(0)
    outputs = torch.randn(n, 1, device=device)  # what model(inputs) returns: (N, 1)
    targets = torch.randn(n, device=device)  # what inputs[:, 0] * 2 + … builds: (N,)
    diff = outputs - targets
    # Broadcasting aligns from the right: (N, 1) with (1, N) -> (N, N).
    assert diff.shape == (n, n)
    assert torch.equal(diff[1, 0], outputs[1, 0] - targets[0])  # sample 1 vs target 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loss = nn.MSELoss()(outputs, targets)
    messages = [str(w.message) for w in caught]
    print("MSELoss warns:", messages[0] if messages else None)
    assert any("broadcasting" in m for m in messages)  # a warning, not an error
    assert torch.allclose(loss, (diff**2).mean())
    return list(diff.shape)


if __name__ == "__main__":
    print(answer(4))
