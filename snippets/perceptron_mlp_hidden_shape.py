"""Shape of a feed-forward net's hidden activations on MNIST-sized input, by a real forward pass."""

import torch
from torch import nn


def answer(batch=64, hidden=128, *, device="cpu"):
    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Flatten(),  # (N, 1, 28, 28) -> (N, 784)
        nn.Linear(784, hidden),
        nn.ReLU(),
        nn.Linear(hidden, 10),
    ).to(device)
    x = torch.randn(batch, 1, 28, 28, device=device)
    h = net[:3](x)  # Flatten -> Linear -> ReLU
    assert net(x).shape == (batch, 10)
    assert h.shape == (batch, hidden)  # one row per example, one column per hidden unit
    return list(h.shape)


if __name__ == "__main__":
    print(answer())
