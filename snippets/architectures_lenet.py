"""LeNet-5 (modern PyTorch form): shapes through the conv part and parameter counts per layer."""

import torch
from torch import nn


def lenet5(device="cpu"):
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5),  # C1: 32×32 -> 6@28×28
        nn.Tanh(),
        nn.AvgPool2d(2),  # S2: -> 6@14×14
        nn.Conv2d(6, 16, kernel_size=5),  # C3: -> 16@10×10
        nn.Tanh(),
        nn.AvgPool2d(2),  # S4: -> 16@5×5
        nn.Flatten(),  # -> 400
        nn.Linear(16 * 5 * 5, 120),  # C5/F5
        nn.Tanh(),
        nn.Linear(120, 84),  # F6
        nn.Tanh(),
        nn.Linear(84, 10),  # output: 10 digits
    ).to(device)


def answer(part="features", *, device="cpu"):
    """part="features": shape after S4; part="params": total learnable parameters."""
    torch.manual_seed(0)
    net = lenet5(device)
    x = torch.randn(1, 1, 32, 32, device=device)
    with torch.no_grad():
        feats = net[:6](x)
        assert net(x).shape == (1, 10)
    assert feats.shape == (1, 16, 5, 5)
    per_layer = [sum(p.numel() for p in m.parameters()) for m in net]
    assert [n for n in per_layer if n] == [156, 2416, 48120, 10164, 850]
    total = sum(per_layer)
    assert total == (5 * 5 * 1 + 1) * 6 + (5 * 5 * 6 + 1) * 16 + 401 * 120 + 121 * 84 + 85 * 10
    if part == "features":
        return list(feats.shape)
    return total


if __name__ == "__main__":
    print(answer("features"), answer("params"))
