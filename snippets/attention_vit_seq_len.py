"""Sequence length a ViT encoder sees: (H/P)·(W/P) patch tokens plus one [CLS] token."""

import torch
from torch import nn


def answer(height=224, width=224, patch=16, dim=16, *, device="cpu"):
    torch.manual_seed(0)
    # The patch embedding: a P×P conv with stride P = "cut into patches, flatten, Linear".
    embed = nn.Conv2d(3, dim, kernel_size=patch, stride=patch, device=device)
    cls_token = torch.zeros(1, 1, dim, device=device)  # a learnable parameter in a real ViT
    image = torch.randn(1, 3, height, width, device=device)

    with torch.no_grad():
        grid = embed(image)  # (1, dim, H/P, W/P)
        tokens = grid.flatten(2).transpose(1, 2)  # (1, number of patches, dim)
        seq = torch.cat([cls_token, tokens], dim=1)  # prepend [CLS]

    n_patches = (height // patch) * (width // patch)
    assert tokens.shape[1] == n_patches
    assert seq.shape == (1, n_patches + 1, dim)
    return int(seq.shape[1])


def mistake_no_cls(height=224, width=224, patch=16, dim=16):
    """Counts the patches and forgets the [CLS] token."""
    return (height // patch) * (width // patch)


if __name__ == "__main__":
    print(answer())
