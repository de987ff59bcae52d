"""A dense layer from a 1000x1000 image to 10^6 units has 10^12 weights (meta device)."""

import torch
from torch import nn


def answer(side=1000, hidden=1_000_000, *, device="cpu"):
    torch.manual_seed(0)
    # A small case that really runs: inputs * hidden weights, one per connection.
    small = nn.Linear(10 * 10, 100, bias=False, device=device)
    assert small(torch.zeros(1, 10 * 10, device=device)).shape == (1, 100)
    assert sum(p.numel() for p in small.parameters()) == 10 * 10 * 100
    # The full-size layer would need 4 TB in float32; the meta device only records shapes.
    big = nn.Linear(side * side, hidden, bias=False, device="meta")
    out = big(torch.empty(1, side * side, device="meta"))
    assert out.shape == (1, hidden)
    return int(sum(p.numel() for p in big.parameters()))


if __name__ == "__main__":
    print(answer())
