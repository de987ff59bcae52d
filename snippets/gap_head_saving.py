"""Parameters saved by a GAP + Linear head over a Flatten + Linear head."""

import torch
from torch import nn


def answer(channels=512, spatial=7, classes=1000, *, device="cpu"):
    torch.manual_seed(0)
    flatten_head = nn.Sequential(
        nn.Flatten(), nn.Linear(channels * spatial * spatial, classes, device=device)
    )
    gap_head = nn.Sequential(
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, classes, device=device)
    )
    x = torch.randn(2, channels, spatial, spatial, device=device)
    with torch.no_grad():
        assert flatten_head(x).shape == gap_head(x).shape == (2, classes)
    n_flat = sum(p.numel() for p in flatten_head.parameters())
    n_gap = sum(p.numel() for p in gap_head.parameters())
    return int(n_flat - n_gap)


def mistake_head_a_total(channels=512, spatial=7, classes=1000):
    """Gives head A's whole count instead of the difference."""
    return channels * spatial * spatial * classes + classes


def mistake_no_head_b_weights(channels=512, spatial=7, classes=1000):
    """Subtracts only head B's biases, forgetting its C * N weights."""
    return channels * spatial * spatial * classes


if __name__ == "__main__":
    print(answer())
