"""Backpropagation is the chain rule: a hidden layer's error comes from the layer above it.

Hand-derived gradients of a 2-layer net, with δ_h = (δ_out @ W2) * f'(z_h), equal what
loss.backward() computes; nudging weights one at a time gets the same numbers at the price of
one forward pass per weight.
"""

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
    z1.retain_grad()  # so autograd's own ∂E/∂z1 can be compared with the hand-made δ
    h = torch.sigmoid(z1)
    y = h @ l2.weight.T + l2.bias
    loss = 0.5 * ((y - t) ** 2).sum()

    # Backward pass by hand: start at the output and carry the error back layer by layer.
    with torch.no_grad():
        d_y = y - t  # δ_out = dE/dy (a linear output)
        g_w2 = d_y.T @ h  # dE/dW2 = δ_outᵀ h
        g_b2 = d_y.sum(0)
        d_z1 = (d_y @ l2.weight) * h * (1 - h)  # δ_h = (δ_out W2) ⊙ σ'(z1); σ' ≤ 0.25
        g_w1 = d_z1.T @ x
        g_b1 = d_z1.sum(0)

    loss.backward()  # autograd does the same walk over the computation graph
    for name, mine, auto in [
        ("z1 (δ_h)", d_z1, z1.grad),
        ("W2", g_w2, l2.weight.grad),
        ("b2", g_b2, l2.bias.grad),
        ("W1", g_w1, l1.weight.grad),
        ("b1", g_b1, l1.bias.grad),
    ]:
        same = torch.allclose(mine, auto, atol=1e-5)
        print(f"dE/d{name}: by hand == autograd? {same}")
        assert same
    assert (h * (1 - h)).max().item() <= 0.25

    # The output layer's formula reused for the hidden layer does not even fit: δ_out has one
    # column per output (2), the hidden layer has 4 units. Only W2 carries the error across.
    assert d_y.shape[1] != d_z1.shape[1]

    # Finite differences: nudge one weight, run the whole forward pass again. Right, but one
    # extra forward pass per weight; backprop got all of them from one backward pass.
    def loss_with_w(delta):
        with torch.no_grad():
            l1.weight[0, 0] += delta
            value = 0.5 * ((net(x) - t) ** 2).sum()
            l1.weight[0, 0] -= delta
        return value

    eps = 1e-2  # a central difference: two forward passes for this one weight
    estimate = (loss_with_w(eps) - loss_with_w(-eps)) / (2 * eps)
    n_weights = sum(p.numel() for p in net.parameters())
    print(f"nudging W1[0, 0]: {estimate.item():.5f} vs backprop {g_w1[0, 0].item():.5f}")
    print(f"finite differences for all {n_weights} parameters: {2 * n_weights} forward passes")
    assert abs(estimate.item() - g_w1[0, 0].item()) < 1e-3


if __name__ == "__main__":
    demo()
