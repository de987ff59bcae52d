"""Finds the padding that keeps a stride-1 Conv2d's output as large as its input."""

import torch
from torch import nn


def answer(kernel=3, dilation=1, size=32, *, device="cpu"):
    torch.manual_seed(0)
    x = torch.zeros(1, 1, size, size, device=device)
    with torch.no_grad():
        for p in range(0, dilation * (kernel - 1) + 1):
            conv = nn.Conv2d(1, 1, kernel, padding=p, dilation=dilation, device=device)
            if conv(x).shape[-1] == size:
                same = nn.Conv2d(1, 1, kernel, padding="same", dilation=dilation, device=device)
                assert same(x).shape == conv(x).shape
                return p
    raise AssertionError("no padding keeps the size")


def mistake_no_dilation(kernel=3, dilation=1, size=32):
    """Pads for an undilated kernel: (K - 1) / 2."""
    value = (kernel - 1) // 2
    return None if value == dilation * (kernel - 1) // 2 else value


def mistake_both_sides(kernel=3, dilation=1, size=32):
    """Pads each side by the whole shrinkage D(K - 1), twice what is needed."""
    return dilation * (kernel - 1)


if __name__ == "__main__":
    print(answer())
