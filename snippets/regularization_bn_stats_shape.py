"""BatchNorm2d averages over N, H and W: one mean (and variance) per channel."""

import torch
from torch import nn


def answer(batch=16, channels=32, size=8, *, device="cpu"):
    torch.manual_seed(0)
    x = torch.randn(batch, channels, size, size, device=device) + 3
    bn = nn.BatchNorm2d(channels, momentum=1.0, device=device)  # momentum=1: keep the last batch
    bn.train()
    y = bn(x)
    batch_mean = x.mean(dim=(0, 2, 3))  # over N, H, W
    assert torch.allclose(bn.running_mean, batch_mean, atol=1e-5)
    assert torch.allclose(y.mean(dim=(0, 2, 3)), torch.zeros(channels, device=device), atol=1e-5)
    assert bn.running_var.shape == bn.weight.shape == bn.bias.shape == batch_mean.shape
    return list(batch_mean.shape)


if __name__ == "__main__":
    print(answer())
