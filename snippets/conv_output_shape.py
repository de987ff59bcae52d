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


def _side(size, kernel, stride, padding):
    return (size + 2 * padding - kernel) // stride + 1


def _unless_right(shape, batch, size, c_out, kernel, stride, padding):
    side = _side(size, kernel, stride, padding)
    return None if shape == [batch, c_out, side, side] else shape


def mistake_no_padding(batch=8, c_in=3, size=224, c_out=64, kernel=7, stride=2, padding=3):
    """Forgets the padding."""
    side = _side(size, kernel, stride, 0)
    return _unless_right([batch, c_out, side, side], batch, size, c_out, kernel, stride, padding)


def mistake_no_stride(batch=8, c_in=3, size=224, c_out=64, kernel=7, stride=2, padding=3):
    """Forgets the stride."""
    side = _side(size, kernel, 1, padding)
    return _unless_right([batch, c_out, side, side], batch, size, c_out, kernel, stride, padding)


def mistake_channels_last(batch=8, c_in=3, size=224, c_out=64, kernel=7, stride=2, padding=3):
    """Puts the channels last, (N, H, W, C), as TensorFlow and NumPy images do."""
    side = _side(size, kernel, stride, padding)
    return _unless_right([batch, side, side, c_out], batch, size, c_out, kernel, stride, padding)


if __name__ == "__main__":
    print(answer())
