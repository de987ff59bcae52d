"""Reference for code-flatten-size: how many numbers reach the first Linear layer, measured
by running the real conv and pool layers."""

import random

import torch
from torch import nn


def answer(
    size=32,
    in_channels=3,
    layers=(("conv", 16, 3, 1, 1), ("pool", 2, 2), ("conv", 32, 3, 1, 1), ("pool", 2, 2)),
    *,
    device="cpu",
):
    modules, channels = [], in_channels
    for layer in layers:
        if layer[0] == "conv":
            _, out_channels, kernel, stride, padding = layer
            modules.append(nn.Conv2d(channels, out_channels, kernel, stride, padding))
            channels = out_channels
        else:
            _, kernel, stride = layer
            modules.append(nn.MaxPool2d(kernel, stride))
    net = nn.Sequential(*modules).to(device)
    with torch.no_grad():
        out = net(torch.zeros(1, in_channels, size, size, device=device))
    return int(out[0].numel())  # C · H · W of one sample


def random_case(rng: random.Random):
    size = rng.randint(16, 64)
    width, layers = size, []
    for _ in range(rng.randint(1, 5)):
        if rng.random() < 0.6:
            kernel = rng.choice([1, 3, 5])
            stride, padding = rng.choice([1, 1, 2]), rng.randint(0, kernel // 2)
            out = (width + 2 * padding - kernel) // stride + 1
            layer = ["conv", rng.choice([4, 8, 16, 32]), kernel, stride, padding]
        else:
            kernel = rng.choice([2, 3])
            stride = rng.choice([1, 2, 2])
            out = (width - kernel) // stride + 1
            layer = ["pool", kernel, stride]
        if out < 1:
            break
        width = out
        layers.append(layer)
    return {"size": size, "in_channels": rng.choice([1, 3]), "layers": layers}


if __name__ == "__main__":
    assert answer() == 32 * 8 * 8  # 32 → pool → 16 → pool → 8, with 32 channels
    # LeNet-5 on a 32×32 digit: the 400 inputs of its first fully connected layer.
    lenet = [["conv", 6, 5, 1, 0], ["pool", 2, 2], ["conv", 16, 5, 1, 0], ["pool", 2, 2]]
    assert answer(32, 1, lenet) == 400
    rng = random.Random("code-flatten-size")
    for _ in range(30):
        answer(**random_case(rng))
    print(answer())
