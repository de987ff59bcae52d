"""nn.MultiheadAttention(512, 8) has 4·(512² + 512) parameters whatever the number of heads."""

import torch
from torch import nn


def count(m):
    return sum(p.numel() for p in m.parameters())


def demo(*, device="cpu"):
    torch.manual_seed(0)
    d = 512
    by_heads = {h: count(nn.MultiheadAttention(d, h, device=device)) for h in (1, 8, 16)}
    right = by_heads[8]
    no_bias = count(nn.MultiheadAttention(d, 8, bias=False, device=device))
    no_out_proj = right - count(nn.MultiheadAttention(d, 8, device=device).out_proj)
    full_size_per_head = 8 * right

    for h, n in by_heads.items():
        print(f"nn.MultiheadAttention({d}, {h:2d})        {n:,}")
    print(f"bias=False                          {no_bias:,}")
    print(f"without the output projection W_O   {no_out_proj:,}")
    print(f"8 heads each of full size 512       {full_size_per_head:,}")

    assert right == 4 * (d * d + d) == 1_050_624  # W_Q, W_K, W_V, W_O with their biases
    assert len(set(by_heads.values())) == 1  # the head count does not change the count
    assert no_bias == 4 * d * d == 1_048_576
    assert no_out_proj == 3 * (d * d + d) == 787_968
    assert full_size_per_head == 8_404_992


if __name__ == "__main__":
    demo()
