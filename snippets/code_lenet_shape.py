"""Reference for code-lenet-shape: the shape after LeNet-5's S4 layer, measured on the real
layers for a 1×size×size input."""

import random

import torch
from torch import nn


def answer(size=32, *, device="cpu"):
    features = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5),  # C1
        nn.Tanh(),
        nn.AvgPool2d(2),  # S2
        nn.Conv2d(6, 16, kernel_size=5),  # C3
        nn.Tanh(),
        nn.AvgPool2d(2),  # S4
    ).to(device)
    with torch.no_grad():
        out = features(torch.zeros(1, 1, size, size, device=device))
    return tuple(int(n) for n in out.shape[1:])  # (channels, height, width), batch dim dropped


def random_case(rng: random.Random):
    return {"size": rng.randint(16, 100)}


if __name__ == "__main__":
    assert answer(32) == (16, 5, 5)  # the 1998 input size: 16·5·5 = 400 features for F5
    assert answer(28) == (16, 4, 4)  # MNIST without padding
    for size in range(16, 101):
        s = ((size - 4) // 2 - 4) // 2  # conv 5: -4; pool 2: halve, rounding down
        assert answer(size) == (16, s, s), size
    print(answer())
