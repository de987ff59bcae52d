"""Parameters of ViT's patch embedding: a P×P, stride-P conv = a Linear on flattened patches."""

import torch
from torch import nn


def count(m):
    return sum(p.numel() for p in m.parameters())


def answer(patch=16, channels=3, dim=768, *, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(channels, dim, kernel_size=patch, stride=patch, device=device)
    linear = nn.Linear(patch * patch * channels, dim, device=device)
    n = count(conv)
    assert n == count(linear) == patch * patch * channels * dim + dim

    # Same weights -> same tokens: the conv really is one Linear applied to every patch.
    with torch.no_grad():
        linear.weight.copy_(conv.weight.flatten(1))
        linear.bias.copy_(conv.bias)
        x = torch.randn(1, channels, 2 * patch, 2 * patch, device=device)  # a 2×2 grid of patches
        by_conv = conv(x).flatten(2).transpose(1, 2)
        patches = x.unfold(2, patch, patch).unfold(3, patch, patch)  # (1, C, 2, 2, P, P)
        patches = patches.permute(0, 2, 3, 1, 4, 5).reshape(1, 4, -1)  # (1, 4, C·P·P)
        assert torch.allclose(by_conv, linear(patches), atol=1e-4)
    return n


if __name__ == "__main__":
    print(answer())
