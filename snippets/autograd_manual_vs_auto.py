"""Manual derivative, autograd and a finite difference agree for f(x, y) = 3x²y + 2y³."""

import torch


def f(x, y):
    return 3 * x**2 * y + 2 * y**3


def demo(*, device="cpu"):
    x0, y0 = 2.0, 1.0
    manual = (6 * x0 * y0, 3 * x0**2 + 6 * y0**2)  # derived on paper

    x = torch.tensor(x0, requires_grad=True, device=device)
    y = torch.tensor(y0, requires_grad=True, device=device)
    out = f(x, y)  # forward pass: every op is recorded as a node of the graph
    print("graph root:", type(out.grad_fn).__name__)
    out.backward()  # backward pass: the chain rule, node by node, from out to the leaves
    auto = (x.grad.item(), y.grad.item())

    h = 1e-6  # central difference, knowing nothing about the formula
    numeric = (
        (f(x0 + h, y0) - f(x0 - h, y0)) / (2 * h),
        (f(x0, y0 + h) - f(x0, y0 - h)) / (2 * h),
    )
    print(f"manual   ∂f/∂x = {manual[0]:.4f}, ∂f/∂y = {manual[1]:.4f}")
    print(f"autograd ∂f/∂x = {auto[0]:.4f}, ∂f/∂y = {auto[1]:.4f}")
    print(f"numeric  ∂f/∂x = {numeric[0]:.4f}, ∂f/∂y = {numeric[1]:.4f}")
    assert manual == auto == (12.0, 18.0)
    assert all(abs(a - b) < 1e-4 for a, b in zip(auto, numeric, strict=True))


if __name__ == "__main__":
    demo()
