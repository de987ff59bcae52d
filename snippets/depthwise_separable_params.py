"""Parameters of a depthwise-separable conv (depthwise KxK + pointwise 1x1), bias=False."""

import torch
from torch import nn


def answer(c_in=64, c_out=128, kernel=3, *, device="cpu"):
    torch.manual_seed(0)
    pad = kernel // 2
    depthwise = nn.Conv2d(c_in, c_in, kernel, padding=pad, groups=c_in, bias=False, device=device)
    pointwise = nn.Conv2d(c_in, c_out, 1, bias=False, device=device)
    separable = nn.Sequential(depthwise, pointwise)
    standard = nn.Conv2d(c_in, c_out, kernel, padding=pad, bias=False, device=device)
    x = torch.randn(1, c_in, 8, 8, device=device)
    with torch.no_grad():
        assert separable(x).shape == standard(x).shape  # a drop-in replacement
    n_sep = sum(p.numel() for p in separable.parameters())
    n_std = sum(p.numel() for p in standard.parameters())
    assert n_sep < n_std
    return int(n_sep)


def mistake_depthwise_full(c_in=64, c_out=128, kernel=3):
    """Counts the depthwise conv as a standard C_in -> C_in conv."""
    return kernel * kernel * c_in * c_in + c_in * c_out


def mistake_standard(c_in=64, c_out=128, kernel=3):
    """Gives the count of the standard conv that the pair replaces."""
    return kernel * kernel * c_in * c_out


if __name__ == "__main__":
    print(answer())
