"""Each filter (spanning all input channels) produces exactly one feature map."""

import torch
import torch.nn.functional as F
from torch import nn

CHOICES = [16, 48, 3, 1]  # the question's choices A..D, in YAML order


def answer(*, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 16, kernel_size=5, padding=2, device=device)  # 16 filters of 3×5×5
    assert conv.weight.shape == (16, 3, 5, 5)
    x = torch.randn(1, 3, 32, 32, device=device)
    with torch.no_grad():
        y = conv(x)
        for j in (0, 7, 15):
            # Filter j alone reproduces output map j ...
            alone = F.conv2d(x, conv.weight[j : j + 1], conv.bias[j : j + 1], padding=2)
            assert torch.allclose(alone[0, 0], y[0, j], atol=1e-5)
            # ... because its three per-channel responses are summed into ONE map, not kept apart.
            per_channel = [
                F.conv2d(x[:, c : c + 1], conv.weight[j : j + 1, c : c + 1], padding=2)
                for c in range(3)
            ]
            summed = per_channel[0] + per_channel[1] + per_channel[2] + conv.bias[j]
            assert torch.allclose(summed[0, 0], y[0, j], atol=1e-5)
    maps = y.shape[1]
    print(f"16 filters of shape {tuple(conv.weight.shape[1:])} -> {maps} feature maps")
    return "ABCD"[CHOICES.index(maps)]


if __name__ == "__main__":
    print(answer())
