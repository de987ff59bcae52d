"""Backpropagation is the chain rule: hand-derived gradients of a 2-layer net = loss.backward()."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    # Draw on the CPU, then move: the same numbers on every device.
    x = torch.randn(5, 3).to(device)
    t = torch.randn(5, 2).to(device)
    net = nn.Sequential(nn.Linear(3, 4), nn.Sigmoid(), nn.Linear(4, 2)).to(device)
    l1, _, l2 = net

    # Forward pass, keeping every intermediate value.
    z1 = x @ l1.weight.T + l1.bias
    h = torch.sigmoid(z1)
    y = h @ l2.weight.T + l2.bias
    loss = 0.5 * ((y - t) ** 2).sum()

    # Backward pass by hand: start at the output and carry the error back layer by layer.
    with torch.no_grad():
        d_y = y - t  # dE/dy
        g_w2 = d_y.T @ h  # dE/dW2 = d_y^T h
        g_b2 = d_y.sum(0)
        d_h = d_y @ l2.weight  # error sent back through W2
        d_z1 = d_h * h * (1 - h)  # times sigmoid'(z1) = h(1 - h), which is at most 0.25
        g_w1 = d_z1.T @ x
        g_b1 = d_z1.sum(0)

    loss.backward()  # autograd does the same walk over the computation graph
    for name, mine, auto in [
        ("W2", g_w2, l2.weight.grad),
        ("b2", g_b2, l2.bias.grad),
        ("W1", g_w1, l1.weight.grad),
        ("b1", g_b1, l1.bias.grad),
    ]:
        print(f"dE/d{name}: by hand == autograd? {torch.allclose(mine, auto, atol=1e-5)}")
        assert torch.allclose(mine, auto, atol=1e-5)
    assert (h * (1 - h)).max().item() <= 0.25


if __name__ == "__main__":
    demo()
