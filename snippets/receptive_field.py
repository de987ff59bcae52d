"""Measures the receptive field of stacked (dilated) convs from the input gradient of one output."""

import torch
from torch import nn


def answer(layers=1, kernel=3, dilation=1, *, device="cpu"):
    size = 4 * layers * (kernel - 1) * dilation + 3  # comfortably larger than the field
    convs = [
        nn.Conv2d(1, 1, kernel, dilation=dilation, bias=False, device=device) for _ in range(layers)
    ]
    with torch.no_grad():
        for conv in convs:
            conv.weight.fill_(1.0)  # positive weights: no accidental cancellation
    x = torch.ones(1, 1, size, size, device=device, requires_grad=True)
    y = nn.Sequential(*convs)(x)
    c = y.shape[-1] // 2
    y[0, 0, c, c].backward()
    # Input columns that influence this single output pixel.
    touched = (x.grad[0, 0].abs().sum(dim=0) > 0).nonzero().flatten()
    lo, hi = int(touched.min()), int(touched.max())
    assert 0 < lo and hi < size - 1, "field reached the border; enlarge the input"
    return hi - lo + 1


def mistake_keff_product(layers=1, kernel=3, dilation=1):
    """Takes a dilated kernel to span K * D pixels."""
    value = kernel * dilation
    return None if value == (kernel - 1) * dilation + 1 else value


def mistake_keff_undilated(layers=1, kernel=3, dilation=1):
    """Forgets the dilation: the kernel's own size."""
    return None if dilation == 1 else kernel


def mistake_rf_sum(layers=1, kernel=3, dilation=1):
    """Adds up the kernel sizes of the stacked layers."""
    value = layers * kernel
    return None if value == 1 + layers * (kernel - 1) * dilation else value


def mistake_rf_no_start(layers=1, kernel=3, dilation=1):
    """Counts the widening, K - 1 per layer, without the pixel it starts from."""
    return layers * (kernel - 1) * dilation


if __name__ == "__main__":
    print(answer())
