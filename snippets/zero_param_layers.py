"""Pooling, activations and dropout have no learnable parameters; BN and 1x1 convs do."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    layers = {
        "A nn.MaxPool2d(2)": (nn.MaxPool2d(2), 0),
        "B nn.AdaptiveAvgPool2d(1)": (nn.AdaptiveAvgPool2d(1), 0),
        "C nn.ReLU()": (nn.ReLU(), 0),
        "D nn.BatchNorm2d(64)": (nn.BatchNorm2d(64), 2 * 64),
        "E nn.Conv2d(64, 64, 1, bias=False)": (nn.Conv2d(64, 64, 1, bias=False), 64 * 64),
        "F nn.Dropout(p=0.5)": (nn.Dropout(p=0.5), 0),
    }
    x = torch.randn(2, 64, 8, 8, device=device)
    for name, (layer, expected) in layers.items():
        layer = layer.to(device)
        layer(x)  # every layer really runs on a feature map
        n = sum(p.numel() for p in layer.parameters())
        print(f"{name:38s} {n:5d} parameters")
        assert n == expected, (name, n)


if __name__ == "__main__":
    demo()
