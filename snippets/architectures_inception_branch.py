"""Inception's 5×5 branch with a 1×1 bottleneck in front, counted on real layers."""

import torch
from torch import nn


def answer(reduce=16, c_out=32, c_in=192, *, device="cpu"):
    torch.manual_seed(0)
    branch = nn.Sequential(
        nn.Conv2d(c_in, reduce, kernel_size=1, bias=False),  # squeeze the channels first
        nn.ReLU(),
        nn.Conv2d(reduce, c_out, kernel_size=5, padding=2, bias=False),
    ).to(device)
    direct = nn.Conv2d(c_in, c_out, kernel_size=5, padding=2, bias=False).to(device)
    x = torch.randn(1, c_in, 28, 28, device=device)
    with torch.no_grad():
        assert branch(x).shape == direct(x).shape == (1, c_out, 28, 28)
    n = sum(p.numel() for p in branch.parameters())
    assert n == c_in * reduce + 5 * 5 * reduce * c_out
    assert n < direct.weight.numel() == 5 * 5 * c_in * c_out
    return n


if __name__ == "__main__":
    print(answer())
