"""Pooling rounds the output size down: 7x7 -> MaxPool2d(2, 2) -> 3x3 (4x4 only with ceil_mode)."""

import torch
from torch import nn


def demo(*, device="cpu"):
    x = torch.arange(49.0, device=device).reshape(1, 1, 7, 7)

    floor_out = nn.MaxPool2d(kernel_size=2, stride=2)(x)
    ceil_out = nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True)(x)
    no_stride = nn.MaxPool2d(kernel_size=2, stride=1)(x)

    print("input            ", tuple(x.shape))
    print("MaxPool2d(2, 2)  ", tuple(floor_out.shape), "<- default: floor((7 - 2) / 2) + 1 = 3")
    print("ceil_mode=True   ", tuple(ceil_out.shape), "<- ceil((7 - 2) / 2) + 1 = 4")
    print("stride=1         ", tuple(no_stride.shape), "<- 7 - 2 + 1 = 6")

    assert floor_out.shape[-2:] == (3, 3)
    assert ceil_out.shape[-2:] == (4, 4)
    assert no_stride.shape[-2:] == (6, 6)
    # The odd size is not an error: the last row and column are simply never covered.
    assert floor_out.max().item() == x[..., :6, :6].max().item()
    assert floor_out.max().item() < x.max().item()


if __name__ == "__main__":
    demo()
