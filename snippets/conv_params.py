"""Counts a real Conv2d's parameters: (K*K*C_in + 1) * C_out with bias."""

import torch
from torch import nn


def answer(c_in=3, c_out=64, kernel=3, bias=True, *, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(c_in, c_out, kernel, bias=bias, device=device)
    # The count does not depend on the input size: run two sizes through the same layer.
    for size in (kernel, kernel + 5):
        conv(torch.zeros(1, c_in, size, size, device=device))
    return int(sum(p.numel() for p in conv.parameters()))


if __name__ == "__main__":
    print(answer())
