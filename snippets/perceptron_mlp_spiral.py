"""Spiral data: with no activation two Linear layers are one linear map (~50 %); with ReLU ~99 %."""

import math

import torch
from torch import nn


def spiral(n=100, classes=3, noise=0.2, *, device="cpu"):
    """The classic 2-D spiral: `classes` arms of n points each."""
    xs, ys = [], []
    for c in range(classes):
        r = torch.linspace(0.0, 1.0, n, device=device)
        jitter = torch.randn(n).to(device)  # drawn on the CPU: the same numbers on every device
        t = torch.linspace(c * 4.0, (c + 1) * 4.0, n, device=device) + noise * jitter
        xs.append(torch.stack([r * torch.sin(t), r * torch.cos(t)], dim=1))
        ys.append(torch.full((n,), c, device=device))
    return torch.cat(xs), torch.cat(ys)


def train(model, x, y, steps=300, lr=0.5, momentum=0.9):
    """Full-batch SGD with momentum on the cross-entropy, written out by hand."""
    velocity = [torch.zeros_like(p) for p in model.parameters()]
    for _ in range(steps):
        loss = nn.functional.cross_entropy(model(x), y)
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p, v in zip(model.parameters(), velocity, strict=True):
                v.mul_(momentum).add_(p.grad)
                p -= lr * v
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


def demo(*, device="cpu"):
    torch.set_num_threads(1)  # tiny tensors: threads only add overhead
    torch.manual_seed(0)
    x, y = spiral(device=device)
    torch.manual_seed(1)
    no_act = nn.Sequential(nn.Linear(2, 100), nn.Linear(100, 3)).to(device)
    torch.manual_seed(1)
    with_relu = nn.Sequential(nn.Linear(2, 100), nn.ReLU(), nn.Linear(100, 3)).to(device)
    acc_lin = train(no_act, x, y)
    acc_relu = train(with_relu, x, y)

    # Without an activation the two layers collapse into ONE linear layer W = W2 W1, b = W2 b1 + b2.
    l1, l2 = no_act
    w = l2.weight @ l1.weight
    b = l2.weight @ l1.bias + l2.bias
    with torch.no_grad():
        assert torch.allclose(no_act(x), x @ w.T + b, atol=1e-4)

    print(f"spiral: {len(x)} points, 3 classes, chance = {1 / 3:.2f}")
    print(f"Linear(2,100) -> Linear(100,3)         accuracy {acc_lin:.2f}  (= one Linear(2,3))")
    print(f"Linear(2,100) -> ReLU -> Linear(100,3) accuracy {acc_relu:.2f}")
    assert acc_lin < 0.65  # straight boundaries cannot follow the arms
    assert acc_relu > 0.95  # piecewise-linear boundaries can
    assert not math.isnan(acc_relu)


if __name__ == "__main__":
    demo()
