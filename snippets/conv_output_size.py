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


def _width(size, kernel, stride, padding, dilation, *, up=False):
    """The output width by the textbook formula, rounded down (or, wrongly, up)."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    return (-(-span // stride) if up else span // stride) + 1


def _unless_right(value, size, kernel, stride, padding, dilation):
    """A mistake's width, or None where the mistake happens to give the right one."""
    return None if value == _width(size, kernel, stride, padding, dilation) else value


def mistake_ceil(size=32, kernel=5, stride=1, padding=0, dilation=1):
    """Rounds up, as if a last window sticking out past the border were taken."""
    value = _width(size, kernel, stride, padding, dilation, up=True)
    return _unless_right(value, size, kernel, stride, padding, dilation)


def mistake_no_padding(size=32, kernel=5, stride=1, padding=0, dilation=1):
    """Forgets the padding."""
    value = _width(size, kernel, stride, 0, dilation)
    return _unless_right(value, size, kernel, stride, padding, dilation)


def mistake_no_dilation(size=32, kernel=5, stride=1, padding=0, dilation=1):
    """Takes the kernel to span K pixels, whatever its dilation."""
    value = _width(size, kernel, stride, padding, 1)
    return _unless_right(value, size, kernel, stride, padding, dilation)


if __name__ == "__main__":
    print(answer())
