"""Counts a real one-hidden-layer MLP's parameters: (d_in + 1)*hidden + (hidden + 1)*classes."""

import torch
from torch import nn


def answer(d_in=2, hidden=100, classes=3, *, device="cpu"):
    torch.manual_seed(0)
    mlp = nn.Sequential(nn.Linear(d_in, hidden), nn.ReLU(), nn.Linear(hidden, classes)).to(device)
    mlp(torch.zeros(1, d_in, device=device))  # it runs
    n = sum(p.numel() for p in mlp.parameters())
    assert n == (d_in + 1) * hidden + (hidden + 1) * classes  # ReLU adds nothing
    return int(n)


def mistake_no_bias(d_in=2, hidden=100, classes=3):
    """Counts the weights of both Linear layers and forgets their biases."""
    return d_in * hidden + hidden * classes


if __name__ == "__main__":
    print(answer())
