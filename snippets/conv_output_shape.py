"""Shape (N, C, H, W) of a Conv2d's output on a batch, from a real forward pass."""

import torch
from torch import nn


def answer(batch=8, c_in=3, size=224, c_out=64, kernel=7, stride=2, padding=3, *, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(c_in, c_out, kernel, stride=stride, padding=padding, device=device)
    x = torch.randn(batch, c_in, size, size, device=device)
    with torch.no_grad():
        out = conv(x)
    return list(out.shape)


if __name__ == "__main__":
    print(answer())
