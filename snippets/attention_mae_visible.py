"""MAE random masking: how many patch tokens the encoder actually processes."""

import torch
from torch import nn


def answer(image=224, patch=16, ratio=0.75, dim=16, *, device="cpu"):
    torch.manual_seed(0)
    embed = nn.Conv2d(3, dim, kernel_size=patch, stride=patch, device=device)
    with torch.no_grad():
        tokens = embed(torch.randn(1, 3, image, image, device=device)).flatten(2).transpose(1, 2)
    n = tokens.shape[1]  # (image/patch)² patches

    # Random masking as in the MAE code: shuffle by random noise, keep the first part.
    keep = int(n * (1 - ratio))
    noise = torch.rand(1, n, device=device)
    ids_keep = noise.argsort(dim=1)[:, :keep]
    visible = torch.gather(tokens, 1, ids_keep.unsqueeze(-1).expand(-1, -1, dim))

    assert n == (image // patch) ** 2
    assert visible.shape == (1, keep, dim)  # only these go through the (heavy) encoder
    assert n - keep == round(n * ratio)  # the masked ones are left for the light decoder
    assert ids_keep.unique().numel() == keep  # no patch is chosen twice
    return int(visible.shape[1])


def _patches(image, patch):
    return (image // patch) ** 2


def mistake_masked_count(image=224, patch=16, ratio=0.75, dim=16):
    """Counts the masked patches instead of the visible ones."""
    return None if ratio == 0.5 else round(_patches(image, patch) * ratio)


def mistake_all_patches(image=224, patch=16, ratio=0.75, dim=16):
    """Feeds every patch to the encoder."""
    return _patches(image, patch)


if __name__ == "__main__":
    print(answer())
