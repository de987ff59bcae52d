"""Parameters of a 1×1 conv equal those of Linear(C_in, C_out); the map size does not matter."""

import torch
from torch import nn


def answer(c_in=256, c_out=64, size=56, *, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(c_in, c_out, kernel_size=1, device=device)
    x = torch.randn(1, c_in, size, size, device=device)
    with torch.no_grad():
        y = conv(x)
    assert y.shape == (1, c_out, size, size)  # H×W unchanged, only channels change
    n = sum(p.numel() for p in conv.parameters())
    assert n == sum(p.numel() for p in nn.Linear(c_in, c_out).parameters())
    assert n == (1 * 1 * c_in + 1) * c_out
    return n


if __name__ == "__main__":
    print(answer())
