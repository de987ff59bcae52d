"""A stack of 3×3 convs sees the same window as one big K×K conv, with fewer weights."""

import torch
from torch import nn


def receptive_field(net, size, device):
    """Width of the input region that the central output pixel depends on (via autograd)."""
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.Conv2d):
                m.weight.fill_(1.0)
    x = torch.ones(1, 1, size, size, device=device, requires_grad=True)
    y = net(x)
    c = y.shape[-1] // 2
    y[0, 0, c, c].backward()
    cols = (x.grad[0, 0].abs().sum(dim=0) > 0).nonzero().flatten()
    return int(cols.max() - cols.min() + 1)


def answer(kernel=7, channels=64, *, device="cpu"):
    torch.manual_seed(0)
    layers = (kernel - 1) // 2  # each stride-1 3×3 layer widens the field by 2

    def stack(c):
        return nn.Sequential(
            *[nn.Conv2d(c, c, 3, padding=1, bias=False) for _ in range(layers)]
        ).to(device)

    big = nn.Conv2d(1, 1, kernel, padding=kernel // 2, bias=False).to(device)
    assert receptive_field(stack(1), 4 * kernel, device) == kernel
    assert receptive_field(big, 4 * kernel, device) == kernel

    n_stack = sum(p.numel() for p in stack(channels).parameters())
    n_big = kernel * kernel * channels * channels
    assert n_stack == layers * 9 * channels * channels < n_big
    print(f"{layers} x 3x3: {n_stack:,} weights; one {kernel}x{kernel}: {n_big:,}")
    return n_stack


if __name__ == "__main__":
    print(answer())
