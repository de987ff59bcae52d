"""Adam first, then SGD to finish: a new optimizer over the same parameters carries on."""

import torch
from torch import nn


def demo(*, device="cpu"):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(64, 2, generator=g) * torch.tensor([5.0, 0.2])
    y = x @ torch.tensor([1.0, -3.0]) + 0.01 * torch.randn(64, generator=g)
    x, y = x.to(device), y.to(device)
    model = nn.Linear(2, 1, bias=False, device=device)
    nn.init.zeros_(model.weight)

    def loss_fn():
        return ((model(x).squeeze(1) - y) ** 2).mean()

    def train(opt, steps):
        for _ in range(steps):
            opt.zero_grad()
            loss_fn().backward()
            opt.step()
        return loss_fn().item()

    start = loss_fn().item()
    # Phase 1: Adam's per-parameter step sizes get close quickly.
    adam = torch.optim.Adam(model.parameters(), lr=0.1)
    after_adam = train(adam, 40)
    assert len(adam.state) == 1 and "exp_avg_sq" in adam.state[model.weight]

    # Phase 2: switch. The weights are kept; Adam's m and v are simply dropped.
    sgd = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    assert len(sgd.state) == 0  # a fresh optimizer: no momentum buffer yet
    after_sgd = train(sgd, 60)
    print(
        f"loss: start {start:.3f} -> after 40 Adam steps {after_adam:.5f}"
        f" -> after 60 more SGD+momentum steps {after_sgd:.5f}"
    )
    print("weights:", [round(v, 3) for v in model.weight.flatten().tolist()], "(true 1, -3)")

    assert after_adam < start / 100  # Adam did the bulk of the work
    assert after_sgd < after_adam  # SGD keeps improving from where Adam stopped
    assert "momentum_buffer" in sgd.state[model.weight]


if __name__ == "__main__":
    demo()
