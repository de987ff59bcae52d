"""FCN-32s: a stride-32 score map upsampled by ConvTranspose2d(k=64, s=32, p=16) to full size."""

import torch
from torch import nn


def answer(size=224, classes=21, *, device="cpu"):
    torch.manual_seed(0)
    # The backbone's five stride-2 stages, reduced to one strided conv for speed.
    backbone = nn.Conv2d(3, 8, kernel_size=32, stride=32, device=device)
    score = nn.Conv2d(8, classes, kernel_size=1, device=device)  # a class score per cell
    upsample = nn.ConvTranspose2d(
        classes, classes, kernel_size=64, stride=32, padding=16, bias=False, device=device
    )
    with torch.no_grad():
        coarse = score(backbone(torch.randn(1, 3, size, size, device=device)))
        assert coarse.shape == (1, classes, size // 32, size // 32)
        out = upsample(coarse)
    # (n − 1)·32 − 2·16 + 64 = 32·n: exactly the input size again.
    assert out.shape[-1] == (size // 32 - 1) * 32 - 2 * 16 + 64 == size
    return list(out.shape)


if __name__ == "__main__":
    for s in (224, 320, 512):
        print(s, answer(s))
