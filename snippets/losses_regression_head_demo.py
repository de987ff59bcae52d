"""Regression needs a linear (identity) output: a sigmoid output can never reach a target of 3."""

import torch


def fit(head, steps=300, lr=0.05, *, device):
    torch.manual_seed(0)
    x = torch.linspace(-1, 1, 16, device=device).unsqueeze(1)
    y = 2 * x + 3  # targets from 1 to 5
    w = torch.zeros(1, 1, device=device, requires_grad=True)
    b = torch.zeros(1, device=device, requires_grad=True)
    for _ in range(steps):  # plain gradient descent on the MSE
        loss = torch.nn.functional.mse_loss(head(x @ w + b), y)
        gw, gb = torch.autograd.grad(loss, (w, b))
        with torch.no_grad():
            w -= lr * gw
            b -= lr * gb
    return loss.item()


def demo(*, device="cpu"):
    identity = fit(lambda z: z, device=device)
    sigmoid = fit(torch.sigmoid, device=device)
    print(f"MSE after training: identity output {identity:.4f}, sigmoid output {sigmoid:.4f}")
    assert identity < 1e-3  # the linear output fits y = 2x + 3
    # σ < 1 while every target is ≥ 1: the error can't shrink below the gap to 1.
    y = 2 * torch.linspace(-1, 1, 16) + 3
    gap = ((y - 1) ** 2).mean().item()
    print(f"even a sigmoid stuck at 1 would still score {gap:.4f}")
    assert sigmoid > gap


if __name__ == "__main__":
    demo()
