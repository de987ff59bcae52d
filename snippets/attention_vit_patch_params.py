"""ViT's patch embedding: a P×P, stride-P conv is one Linear(P·P·C, D) on every flattened patch."""

import torch
from torch import nn


def answer(patch=16, channels=3, dim=768, *, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(channels, dim, kernel_size=patch, stride=patch, device=device)
    in_features = conv.weight[0].numel()  # one filter spans a whole C×P×P patch
    linear = nn.Linear(in_features, dim, device=device)

    # Same weights -> same tokens: the conv really is one Linear applied to every patch.
    with torch.no_grad():
        linear.weight.copy_(conv.weight.flatten(1))
        linear.bias.copy_(conv.bias)
        x = torch.randn(1, channels, 2 * patch, 3 * patch, device=device)  # a 2×3 grid of patches
        by_conv = conv(x).flatten(2).transpose(1, 2)  # (1, 6, D): one token per patch
        patches = x.unfold(2, patch, patch).unfold(3, patch, patch)  # (1, C, 2, 3, P, P)
        patches = patches.permute(0, 2, 3, 1, 4, 5).reshape(1, 6, -1)  # (1, 6, C·P·P)
        assert patches.shape[-1] == in_features
        assert torch.allclose(by_conv, linear(patches), atol=1e-4)
    print(f"{patch}×{patch} patches of a {channels}-channel image: {in_features} values each")
    return in_features


def mistake_no_channels(patch=16, channels=3, dim=768):
    """Flattens one channel of the patch: P * P."""
    return None if channels == 1 else patch * patch


if __name__ == "__main__":
    print(answer())
