"""Conv2d(64, 128, 3) has 73,856 parameters; each wrong choice is a specific counting mistake."""

import torch
from torch import nn


def count(m):
    return sum(p.numel() for p in m.parameters())


def demo(*, device="cpu"):
    torch.manual_seed(0)
    right = count(nn.Conv2d(64, 128, 3, device=device))
    no_bias = count(nn.Conv2d(64, 128, 3, bias=False, device=device))
    one_in_channel = count(nn.Conv2d(1, 128, 3, device=device))
    bias_per_input = no_bias + 64

    print(f"(3*3*64 + 1) * 128        = {right:,}   <- nn.Conv2d(64, 128, 3)")
    print(f"bias forgotten            = {no_bias:,}")
    print(f"C_in forgotten            = {one_in_channel:,}")
    print(f"bias per input channel    = {bias_per_input:,}")

    assert right == 73_856
    assert no_bias == 73_728
    assert one_in_channel == 1_280
    assert bias_per_input == 73_792


if __name__ == "__main__":
    demo()
