"""Weights of a ResNet bottleneck (1x1 reduce, 3x3, 1x1 expand) versus one 3x3 conv."""

import torch
from torch import nn


def answer(channels=256, mid=64, *, device="cpu"):
    torch.manual_seed(0)
    bottleneck = nn.Sequential(
        nn.Conv2d(channels, mid, 1, bias=False, device=device),
        nn.Conv2d(mid, mid, 3, padding=1, bias=False, device=device),
        nn.Conv2d(mid, channels, 1, bias=False, device=device),
    )
    plain = nn.Conv2d(channels, channels, 3, padding=1, bias=False, device=device)
    x = torch.randn(1, channels, 8, 8, device=device)
    with torch.no_grad():
        assert bottleneck(x).shape == plain(x).shape == x.shape
    n = sum(p.numel() for p in bottleneck.parameters())
    assert n < sum(p.numel() for p in plain.parameters())
    return int(n)


if __name__ == "__main__":
    print(answer())
