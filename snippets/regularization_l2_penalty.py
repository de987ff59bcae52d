"""The L2 penalty lambda * sum(w^2) computed from a real layer's weights."""

import torch
from torch import nn


def answer(weights=(1.0, -2.0, 3.0), data_loss=0.5, lam=0.01, *, device="cpu"):
    torch.manual_seed(0)
    layer = nn.Linear(len(weights), 1, bias=False, device=device)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([weights], device=device))
    penalty = lam * sum((p**2).sum() for p in layer.parameters())
    total = data_loss + penalty
    total.backward()
    # The penalty's gradient is 2*lambda*w: it pulls every weight towards 0.
    assert torch.allclose(layer.weight.grad, 2 * lam * layer.weight.detach())
    assert abs(penalty.item() - lam * sum(w * w for w in weights)) < 1e-6
    print(f"penalty = {lam} * {sum(w * w for w in weights)} = {penalty.item():.4f}")
    return round(total.item(), 6)


if __name__ == "__main__":
    print(answer())
