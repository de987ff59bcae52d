"""BN makes a layer blind to its weights' scale: W -> a·W leaves the output, divides ∂L/∂W by a."""

import torch
from torch import nn


def grad_norm(weight, x, target, device):
    w = weight.clone().requires_grad_(True)
    bn = nn.BatchNorm1d(w.shape[0], dtype=torch.float64, device=device)
    bn.train()
    y = bn(x @ w.t())
    loss = ((y - target) ** 2).mean()
    loss.backward()
    return y.detach(), w.grad.norm().item()


def answer(a=10.0, *, device="cpu"):
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(64, 8, generator=gen, dtype=torch.float64).to(device)
    w = torch.randn(5, 8, generator=gen, dtype=torch.float64).to(device)
    target = torch.randn(64, 5, generator=gen, dtype=torch.float64).to(device)
    y1, g1 = grad_norm(w, x, target, device)
    ya, ga = grad_norm(a * w, x, target, device)
    assert torch.allclose(y1, ya, atol=1e-4)  # same output: BN removes the scale
    ratio = ga / g1
    assert abs(ratio - 1 / a) < 1e-3 / min(a, 1)
    return round(ratio, 4)


if __name__ == "__main__":
    for a in (0.5, 2, 4, 10):
        print(f"W scaled by {a}: gradient scaled by {answer(a)}")
