"""A ReLU unit whose pre-activation is negative for every input gets zero gradient: it is dead."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    x = torch.randn(256, 8, device=device)
    for act in (nn.ReLU(), nn.LeakyReLU(0.01)):
        unit = nn.Linear(8, 1, device=device)
        with torch.no_grad():
            unit.bias.fill_(-20.0)  # e.g. after one huge update: z < 0 for every input
        z = unit(x)
        assert (z < 0).all()
        act(z).pow(2).mean().backward()  # any loss that depends on the unit's output
        g = unit.weight.grad.abs().sum().item() + unit.bias.grad.abs().item()
        name = type(act).__name__
        print(f"{name:9s}: outputs {act(z).abs().max().item():.3f} at most, gradient size {g:.3g}")
        if isinstance(act, nn.LeakyReLU):
            assert g > 0  # the small negative slope keeps a path for the gradient
        else:
            assert g == 0.0  # no gradient, no update, so it stays dead forever

    # Gradient descent cannot revive the dead ReLU unit: its parameters never change.
    unit = nn.Linear(8, 1, device=device)
    with torch.no_grad():
        unit.bias.fill_(-20.0)
    before = [p.detach().clone() for p in unit.parameters()]
    for _ in range(5):  # plain SGD steps, w <- w - lr * grad, towards a target of 1
        unit.zero_grad()
        (torch.relu(unit(x)) - 1).pow(2).mean().backward()
        with torch.no_grad():
            for p in unit.parameters():
                p -= 0.1 * p.grad
    assert all(torch.equal(b, p) for b, p in zip(before, unit.parameters(), strict=True))


if __name__ == "__main__":
    demo()
