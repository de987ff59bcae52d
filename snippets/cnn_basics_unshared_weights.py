"""Dropping weight sharing: a locally connected layer needs one filter set per output position."""

import torch
from torch import nn


def answer(size=16, kernel=3, c_out=4, *, device="cpu"):
    torch.manual_seed(0)
    c_in = 1
    conv = nn.Conv2d(c_in, c_out, kernel, bias=False, device=device)
    side = size - kernel + 1  # output width (stride 1, no padding)
    positions = side * side

    # Locally connected layer: same K×K windows, but every position has its own filters.
    unfold = nn.Unfold(kernel)
    local_w = torch.randn(positions, c_out, c_in * kernel * kernel, device=device)

    def local(x):
        cols = unfold(x)  # (N, C_in·K·K, positions)
        y = torch.einsum("nkl,lok->nol", cols, local_w)
        return y.reshape(x.shape[0], c_out, side, side)

    x = torch.randn(2, c_in, size, size, device=device)
    assert local(x).shape == conv(x).shape
    # Weight sharing is the special case where every position uses the same filters.
    with torch.no_grad():
        local_w.copy_(conv.weight.reshape(1, c_out, -1).expand(positions, -1, -1))
        assert torch.allclose(local(x), conv(x), atol=1e-5)

    n_conv = conv.weight.numel()
    n_local = local_w.numel()
    assert n_conv == kernel * kernel * c_in * c_out
    assert n_local == positions * n_conv == (size - kernel + 1) ** 2 * kernel**2 * c_out
    print(f"shared (conv): {n_conv} weights")
    print(f"unshared: {positions} positions x {n_conv} = {n_local} weights")
    return n_local


if __name__ == "__main__":
    print(answer())
