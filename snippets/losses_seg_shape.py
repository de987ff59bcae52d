"""CrossEntropyLoss(reduction='none') on (N, C, H, W) logits gives one loss per pixel: (N, H, W)."""

import torch
from torch import nn


def answer(batch=2, classes=21, size=32, *, device="cpu"):
    torch.manual_seed(0)
    logits = torch.randn(batch, classes, size, size, device=device)
    target = torch.randint(0, classes, (batch, size, size), device=device)  # class index per pixel
    per_pixel = nn.CrossEntropyLoss(reduction="none")(logits, target)
    # The class dimension (dim 1) is consumed by the softmax; the default 'mean' averages it all.
    assert torch.allclose(nn.CrossEntropyLoss()(logits, target), per_pixel.mean())
    return list(per_pixel.shape)


if __name__ == "__main__":
    print(answer())
