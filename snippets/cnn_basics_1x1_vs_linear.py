"""A 1×1 conv is one Linear(C_in, C_out) applied at every pixel with shared weights."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(512, 128, kernel_size=1, device=device)
    fc = nn.Linear(512, 128, device=device)
    with torch.no_grad():
        fc.weight.copy_(conv.weight.reshape(128, 512))  # (128, 512, 1, 1) -> (128, 512)
        fc.bias.copy_(conv.bias)
        for h, w in [(14, 14), (7, 9)]:  # any spatial size works
            x = torch.randn(8, 512, h, w, device=device)
            by_conv = conv(x)
            # Move channels last, apply the Linear to every pixel's 512-vector, move back.
            by_fc = fc(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
            assert by_conv.shape == (8, 128, h, w)
            assert torch.allclose(by_conv, by_fc, atol=1e-5)
    n = sum(p.numel() for p in conv.parameters())
    assert n == sum(p.numel() for p in fc.parameters()) == 512 * 128 + 128
    # A Linear on the whole flattened map would need (512·14·14)·(128·14·14) weights.
    print(f"1x1 conv = Linear(512, 128) at each pixel: {n:,} parameters either way")
    print(f"flattened-map FC would need {512 * 196 * 128 * 196:,} weights")


if __name__ == "__main__":
    demo()
