"""Overfitting on a seeded toy set: training loss keeps falling while validation loss turns up."""

import torch
from torch import nn


def demo(*, device="cpu", steps=150):
    g = torch.Generator().manual_seed(0)
    # 15 noisy training points of sin(x); 200 fresh points from the same curve for validation.
    x_train = torch.rand(15, 1, generator=g) * 6 - 3
    y_train = torch.sin(x_train) + 0.4 * torch.randn(15, 1, generator=g)
    x_val = torch.rand(200, 1, generator=g) * 6 - 3
    y_val = torch.sin(x_val) + 0.4 * torch.randn(200, 1, generator=g)
    x_train, y_train, x_val, y_val = (t.to(device) for t in (x_train, y_train, x_val, y_val))

    torch.manual_seed(0)
    # Far more capacity than 15 points need: it can memorise the noise.
    model = nn.Sequential(
        nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1)
    ).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    train, val = [], []
    for _ in range(steps + 1):
        loss = ((model(x_train) - y_train) ** 2).mean()
        with torch.no_grad():
            val.append(((model(x_val) - y_val) ** 2).mean().item())
        train.append(loss.item())
        opt.zero_grad()
        loss.backward()
        opt.step()

    best = min(range(len(val)), key=val.__getitem__)
    print("step  train loss  val loss")
    for s in sorted({0, best, *range(15, steps + 1, 15)}):
        note = (
            "  <- lowest validation loss: early stopping keeps these weights" if s == best else ""
        )
        print(f"{s:4d}  {train[s]:10.4f}  {val[s]:8.4f}{note}")

    assert 0 < best < steps // 2  # validation improves at first ...
    assert val[-1] > 1.5 * val[best]  # ... then gets clearly worse
    assert train[-1] < train[best] / 4  # while the training loss keeps dropping


if __name__ == "__main__":
    demo()
