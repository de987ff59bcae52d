"""Partial derivatives of f(x, y) = 3x²y + 2y³: derived by hand and by autograd, which agree."""

import torch


def answer(x=2, y=1, wrt="x", *, device="cpu"):
    xt = torch.tensor(float(x), requires_grad=True, device=device)
    yt = torch.tensor(float(y), requires_grad=True, device=device)
    f = 3 * xt**2 * yt + 2 * yt**3
    f.backward()
    manual = {"x": 6 * x * y, "y": 3 * x**2 + 6 * y**2}  # ∂f/∂x = 6xy, ∂f/∂y = 3x² + 6y²
    auto = {"x": xt.grad.item(), "y": yt.grad.item()}
    assert auto == manual, (auto, manual)
    return float(auto[wrt])


if __name__ == "__main__":
    print(answer())
