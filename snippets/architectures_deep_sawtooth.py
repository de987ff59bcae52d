"""Depth buys expressiveness: stacking a 2-unit ReLU 'tent' L times gives 2^L linear pieces."""

import torch
from torch import nn


def tent_layer(device):
    """t(x) = 2·ReLU(x) − 4·ReLU(x − 0.5): 2 hidden units, 7 parameters."""
    up = nn.Linear(1, 2, dtype=torch.float64, device=device)
    down = nn.Linear(2, 1, dtype=torch.float64, device=device)
    with torch.no_grad():
        up.weight.copy_(torch.tensor([[1.0], [1.0]]))
        up.bias.copy_(torch.tensor([0.0, -0.5]))
        down.weight.copy_(torch.tensor([[2.0, -4.0]]))
        down.bias.zero_()
    return nn.Sequential(up, nn.ReLU(), down)


def pieces(net, device):
    """Count linear pieces on [0, 1] from slopes on a dyadic grid (exact in float64)."""
    x = torch.linspace(0, 1, 2**12 + 1, dtype=torch.float64, device=device).unsqueeze(1)
    with torch.no_grad():
        y = net(x).squeeze(1)
    slope = torch.diff(y) * 2**12
    return int((slope[1:] != slope[:-1]).sum()) + 1


def answer(depth=3, *, device="cpu"):
    torch.manual_seed(0)
    deep = nn.Sequential(*[tent_layer(device) for _ in range(depth)])
    n = pieces(deep, device)
    assert n == 2**depth
    params = sum(p.numel() for p in deep.parameters())
    assert params == 7 * depth  # only 2·depth hidden units in total

    # A one-hidden-layer ReLU net with H units bends only where a unit switches on or off
    # (at x = −b/w), so it has at most H + 1 pieces: matching needs H ≥ 2^depth − 1 units.
    width = 2 * depth
    shallow = nn.Linear(1, width, dtype=torch.float64, device=device)
    w, b = shallow.weight.squeeze(1), shallow.bias
    kinks = (-b / w)[(w != 0) & (-b / w > 0) & (-b / w < 1)].unique()
    assert kinks.numel() + 1 <= width + 1
    if depth >= 3:  # the same 2·depth units spent in one wide layer fall short
        assert width + 1 < 2**depth
    print(f"depth {depth}: {n} pieces from {params} parameters")
    print(f"one hidden layer of {width} units: at most {width + 1} pieces")
    return n


if __name__ == "__main__":
    print(answer())
