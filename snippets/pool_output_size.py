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


def _pooled(size, kernel, stride, padding, *, up=False):
    span = size + 2 * padding - kernel
    return (-(-span // stride) if up else span // stride) + 1


def mistake_ceil(size=55, kernel=3, stride=2, padding=0):
    """Rounds up, as only ceil_mode=True does."""
    value = _pooled(size, kernel, stride, padding, up=True)
    return None if value == _pooled(size, kernel, stride, padding) else value


def mistake_no_stride(size=55, kernel=3, stride=2, padding=0):
    """Slides the window one pixel at a time."""
    value = _pooled(size, kernel, 1, padding)
    return None if value == _pooled(size, kernel, stride, padding) else value


if __name__ == "__main__":
    print(answer())
