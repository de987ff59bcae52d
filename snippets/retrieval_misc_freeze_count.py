"""Freezes the conv layers of a small CNN and counts what is left to train (requires_grad=True)."""

import torch
from torch import nn


def answer(*, device="cpu"):
    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Conv2d(3, 16, 3),  # 0: (3*3*3 + 1)*16 = 448
        nn.ReLU(),
        nn.Conv2d(16, 32, 3),  # 2: (3*3*16 + 1)*32 = 4640
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(32, 64),  # 6: 32*64 + 64 = 2112
        nn.ReLU(),
        nn.Linear(64, 10),  # 8: 64*10 + 10 = 650
    ).to(device)
    for layer in (net[0], net[2]):
        for p in layer.parameters():
            p.requires_grad_(False)  # frozen: keep the pretrained weights

    trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in net.parameters() if not p.requires_grad)
    net(torch.randn(2, 3, 16, 16, device=device)).sum().backward()
    assert net[0].weight.grad is None and net[2].weight.grad is None  # frozen: no gradient
    assert net[6].weight.grad is not None and net[8].weight.grad is not None
    assert frozen == 448 + 4640 and trainable == 2112 + 650
    return int(trainable)


if __name__ == "__main__":
    print(answer())
