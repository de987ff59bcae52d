"""The rate of change of f along a unit vector u is ∇f·u: largest, ‖∇f‖, along u = ∇f/‖∇f‖."""

import torch


def f(p):
    return p[0] ** 2 + p[1] ** 2


def answer(*, device="cpu"):
    p = torch.tensor([3.0, 4.0], dtype=torch.float64, device=device, requires_grad=True)
    f(p).backward()
    g = p.grad.detach()
    assert g.tolist() == [6.0, 8.0] and g.norm().item() == 10.0
    u = -g / g.norm()  # the unit vector of steepest descent
    h = 1e-6
    with torch.no_grad():
        slope = (f(p + h * u) - f(p - h * u)).item() / (2 * h)  # finite difference along u
    assert abs(slope - torch.dot(g, u).item()) < 1e-5
    # No unit direction changes f faster than ‖∇f‖ (Cauchy–Schwarz), in either sign.
    gen = torch.Generator().manual_seed(0)
    for _ in range(100):
        d = torch.randn(2, generator=gen, dtype=torch.float64).to(device)
        assert abs(torch.dot(g, d / d.norm()).item()) <= 10.0 + 1e-12
    return round(slope, 4)


if __name__ == "__main__":
    print("D_u f at (3, 4), u = −∇f/‖∇f‖:", answer())
