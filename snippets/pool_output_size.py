"""Output width of MaxPool2d, measured by pooling a real tensor."""

import torch
from torch import nn


def answer(size=55, kernel=3, stride=2, padding=0, *, device="cpu"):
    pool = nn.MaxPool2d(kernel, stride=stride, padding=padding)
    x = torch.zeros(1, 1, size, size, device=device)
    out = pool(x)
    # Same formula as a convolution, rounded down (ceil_mode=False is the default).
    assert out.shape[-1] == (size + 2 * padding - kernel) // stride + 1
    return int(out.shape[-1])


if __name__ == "__main__":
    print(answer())
