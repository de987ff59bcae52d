"""A 3-channel conv output: each channel's weighted sum, added together, plus ONE bias."""

import torch
from torch import nn

# A 2×2 RGB patch and one filter of shape 3×2×2 (one 2×2 slice per input channel).
PATCH = [[[1, 0], [0, 1]], [[2, 2], [2, 2]], [[4, 1], [0, 2]]]
KERNEL = [[[1, 1], [1, 1]], [[0.5, 0], [0, 0.5]], [[1, -1], [-1, 1]]]
BIAS = 0.5


def answer(*, device="cpu"):
    conv = nn.Conv2d(3, 1, kernel_size=2, device=device)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor([KERNEL], device=device))
        conv.bias.fill_(BIAS)
        out = conv(torch.tensor([PATCH], dtype=torch.float32, device=device))
    assert out.shape == (1, 1, 1, 1)
    per_channel = [
        sum(p * k for rp, rk in zip(pc, kc, strict=True) for p, k in zip(rp, rk, strict=True))
        for pc, kc in zip(PATCH, KERNEL, strict=True)
    ]
    print("per-channel sums:", per_channel, "+ bias", BIAS)
    assert per_channel == [2, 2.0, 5]
    assert abs(out.item() - (sum(per_channel) + BIAS)) < 1e-6
    assert conv.bias.shape == (1,)  # one bias per filter, not one per input channel
    return out.item()


if __name__ == "__main__":
    print(answer())
