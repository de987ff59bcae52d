"""Output width of a Conv2d, measured by pushing a tensor through a real layer."""

import torch
from torch import nn


def answer(size=32, kernel=5, stride=1, padding=0, dilation=1, *, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(1, 1, kernel, stride=stride, padding=padding, dilation=dilation, device=device)
    x = torch.zeros(1, 1, size, size, device=device)
    with torch.no_grad():
        out = conv(x)
    # The textbook formula, floor((W + 2P - D(K-1) - 1) / S) + 1, must agree with PyTorch.
    assert out.shape[-1] == (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
    return int(out.shape[-1])


if __name__ == "__main__":
    print(answer())
