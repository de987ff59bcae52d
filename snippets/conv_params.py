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


def mistake_no_bias(c_in=3, c_out=64, kernel=3, bias=True):
    """Counts the weights and forgets the biases."""
    return kernel * kernel * c_in * c_out if bias else None


def mistake_one_channel(c_in=3, c_out=64, kernel=3, bias=True):
    """Gives each filter a single K x K slice, as if the input had one channel."""
    return None if c_in == 1 else (kernel * kernel + int(bias)) * c_out


def mistake_bias_per_input(c_in=3, c_out=64, kernel=3, bias=True):
    """Gives one bias to each input channel instead of each output channel."""
    return None if c_in == c_out or not bias else kernel * kernel * c_in * c_out + c_in


if __name__ == "__main__":
    print(answer())
