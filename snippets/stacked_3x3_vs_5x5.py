"""Two stacked 3x3 convs see 5x5 like one 5x5 conv, with fewer weights (18 vs 25 per pair)."""

import torch
from torch import nn


def answer(channels=64, *, device="cpu"):
    torch.manual_seed(0)
    single = nn.Conv2d(channels, channels, 5, bias=False, device=device)
    stack = nn.Sequential(
        nn.Conv2d(channels, channels, 3, bias=False, device=device),
        nn.ReLU(),
        nn.Conv2d(channels, channels, 3, bias=False, device=device),
    )
    x = torch.randn(1, channels, 9, 9, device=device)
    with torch.no_grad():
        assert single(x).shape == stack(x).shape  # both shrink 9 -> 5: same 5x5 window
    n_single = sum(p.numel() for p in single.parameters())
    n_stack = sum(p.numel() for p in stack.parameters())
    return int(n_single - n_stack)


if __name__ == "__main__":
    print(answer())
