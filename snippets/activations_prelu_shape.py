"""nn.PReLU(num_parameters=C) learns one negative slope per channel; LeakyReLU learns none."""

import torch
from torch import nn


def answer(channels=64, *, device="cpu"):
    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Conv2d(3, channels, 3, padding=1, device=device),
        nn.PReLU(num_parameters=channels, device=device),
    )
    x = torch.randn(2, 3, 8, 8, device=device)
    y = net(x)
    prelu = net[1]
    assert y.shape == (2, channels, 8, 8)  # element-wise: the activation keeps the shape
    assert torch.allclose(prelu.weight, torch.full((channels,), 0.25, device=device))  # init
    assert sum(p.numel() for p in nn.LeakyReLU(0.01).parameters()) == 0  # fixed slope
    y.sum().backward()
    assert prelu.weight.grad is not None  # the slopes are trained like any weight
    return list(prelu.weight.shape)


if __name__ == "__main__":
    print(answer())
