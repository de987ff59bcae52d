"""Backprop through a chain of sigmoids multiplies factors of 0.25; through ReLUs, factors of 1."""

import torch


def answer(depth=5, *, device="cpu"):
    dtype = torch.float64 if device == "cpu" else torch.float32
    x = torch.tensor(0.5, dtype=dtype, device=device, requires_grad=True)
    h = x
    for _ in range(depth):
        h = torch.sigmoid(h - 0.5)  # pre-activation 0 at every layer, where σ' = 0.25
    (grad,) = torch.autograd.grad(h, x)

    r = torch.tensor(1.0, dtype=dtype, device=device, requires_grad=True)
    g = r
    for _ in range(depth):
        g = torch.relu(g)  # ReLU passes the gradient through unchanged when active
    (relu_grad,) = torch.autograd.grad(g, r)
    assert relu_grad.item() == 1.0

    assert abs(grad.item() - 0.25**depth) <= 1e-6 * 0.25**depth
    print(f"{depth} sigmoids: ∂h/∂x = {grad.item():.4g};  {depth} ReLUs: {relu_grad.item()}")
    return grad.item()


if __name__ == "__main__":
    print(answer())
