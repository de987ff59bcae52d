"""Global average pooling keeps N and C and shrinks every feature map to 1x1."""

import torch
from torch import nn


def answer(batch=32, channels=512, size=7, *, device="cpu"):
    torch.manual_seed(0)
    x = torch.randn(batch, channels, size, size, device=device)
    y = nn.AdaptiveAvgPool2d(1)(x)
    # GAP is just the mean over H and W of each channel.
    assert torch.allclose(y, x.mean(dim=(2, 3), keepdim=True), atol=1e-5)
    assert list(torch.flatten(y, 1).shape) == [batch, channels]
    return list(y.shape)


if __name__ == "__main__":
    print(answer())
