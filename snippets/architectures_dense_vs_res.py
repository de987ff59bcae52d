"""A dense block grows to c0 + L·k channels by concatenation; a residual block keeps c0."""

import torch
from torch import nn


class DenseLayer(nn.Module):
    def __init__(self, c_in, growth):
        super().__init__()
        self.f = nn.Sequential(
            nn.BatchNorm2d(c_in), nn.ReLU(), nn.Conv2d(c_in, growth, 3, padding=1)
        )

    def forward(self, x):
        return torch.cat([x, self.f(x)], dim=1)  # keep everything, append k new maps


class ResidualLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.f = nn.Sequential(nn.BatchNorm2d(c), nn.ReLU(), nn.Conv2d(c, c, 3, padding=1))

    def forward(self, x):
        return x + self.f(x)  # add: the shape cannot change


def answer(c0=64, layers=4, growth=32, *, device="cpu"):
    torch.manual_seed(0)
    dense = nn.Sequential(*[DenseLayer(c0 + i * growth, growth) for i in range(layers)]).to(device)
    res = nn.Sequential(*[ResidualLayer(c0) for _ in range(layers)]).to(device)
    x = torch.randn(2, c0, 8, 8, device=device)
    with torch.no_grad():
        yd = dense(x)
        yr = res(x)
        assert yr.shape == x.shape  # ResNet: c0 channels in, c0 out
        assert torch.equal(yd[:, :c0], x)  # DenseNet: the input is still there, untouched
    assert yd.shape[1] == c0 + layers * growth
    return int(yd.shape[1])


if __name__ == "__main__":
    print(answer())
