"""Upsampling in FCNs: transposed convolution vs bilinear interpolation, tested one by one."""

import torch
import torch.nn.functional as F
from torch import nn


def facts_about_upsampling(device):
    """Each choice's claim, measured: True where PyTorch bears it out."""
    torch.manual_seed(0)
    x = torch.randn(1, 4, 8, 8, device=device)
    up = nn.ConvTranspose2d(4, 4, kernel_size=2, stride=2, device=device)
    bilinear = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
    conv = nn.Conv2d(4, 4, kernel_size=2, stride=2, bias=False, device=device)
    facts = {}
    # A: the transposed conv learns its weights; bilinear upsampling has nothing to learn.
    facts["A"] = (
        sum(p.numel() for p in up.parameters()) == 4 * 4 * 2 * 2 + 4
        and sum(p.numel() for p in bilinear.parameters()) == 0
    )
    # B: kernel 2, stride 2 doubles height and width.
    facts["B"] = up(x).shape == (1, 4, 16, 16) and bilinear(x).shape == (1, 4, 16, 16)
    # C: given the conv's own weights, does the transposed conv undo the conv?
    tconv = nn.ConvTranspose2d(4, 4, kernel_size=2, stride=2, bias=False, device=device)
    with torch.no_grad():
        tconv.weight.copy_(conv.weight)
        restored = tconv(conv(x))
        facts["C"] = bool(torch.allclose(restored, x, atol=1e-4))
        # What it is instead: the adjoint (transpose) of the conv, <conv(x), y> = <x, tconv(y)>.
        y = torch.randn(1, 4, 4, 4, device=device)
        assert torch.allclose((conv(x) * y).sum(), (x * tconv(y)).sum(), atol=1e-4)
    # D: skip connections add finer, earlier scores before the final upsampling.
    coarse = torch.randn(1, 21, 7, 7, device=device)  # stride-32 scores
    finer = torch.randn(1, 21, 14, 14, device=device)  # stride-16 scores from a pool4 head
    fused = F.interpolate(coarse, scale_factor=2, mode="bilinear") + finer
    facts["D"] = fused.shape == finer.shape  # same grid, so they can be added
    # E: does upsampling bring back the detail that pooling removed?
    pooled_and_back = bilinear(F.max_pool2d(x, 2))
    facts["E"] = bool(torch.allclose(pooled_and_back, x, atol=1e-3))
    return facts


def answer(*, device="cpu"):
    facts = facts_about_upsampling(device)
    print({k: bool(v) for k, v in facts.items()})
    return [k for k, v in facts.items() if v]


if __name__ == "__main__":
    print(answer())
