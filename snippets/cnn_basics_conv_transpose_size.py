"""Output width of nn.ConvTranspose2d, measured on a real layer and checked against the formula."""

import torch
from torch import nn


def answer(size=7, kernel=4, stride=2, padding=1, *, device="cpu"):
    torch.manual_seed(0)
    up = nn.ConvTranspose2d(16, 16, kernel, stride=stride, padding=padding, device=device)
    with torch.no_grad():
        out = up(torch.zeros(1, 16, size, size, device=device))
    # The formula runs the conv formula backwards: a Conv2d with the same settings maps
    # the output size back to `size`.
    width = (size - 1) * stride - 2 * padding + kernel
    assert out.shape[-1] == width
    conv = nn.Conv2d(16, 16, kernel, stride=stride, padding=padding, device=device)
    with torch.no_grad():
        assert conv(out).shape[-1] == size
    return int(out.shape[-1])


if __name__ == "__main__":
    for k, s, p in ((2, 2, 0), (4, 2, 1), (3, 2, 1), (3, 1, 1)):
        print(f"7×7, ConvTranspose2d(k={k}, s={s}, p={p}) -> width {answer(7, k, s, p)}")
