"""The gradient points uphill: a small step along +∇f raises f, along −∇f lowers it fastest."""

import math

import torch

# Which claim about the gradient survives the measurements below.
CANDIDATES = {
    "A": "ascent",  # ∇L is steepest ascent; the update subtracts it
    "B": "descent",  # the notes: ∇L points where the loss falls fastest
    "C": "towards the minimum",
    "D": "perpendicular",  # along the direction of no change
}


def f(p):
    return p[0] ** 2 + 10 * p[1] ** 2  # an elongated bowl, minimum at (0, 0)


def answer(*, device="cpu"):
    p = torch.tensor([1.0, 1.0], dtype=torch.float64, device=device, requires_grad=True)
    f(p).backward()
    g = p.grad.detach()
    assert g.tolist() == [2.0, 20.0]  # (2x, 20y) by hand
    p0, eps = p.detach(), 1e-3
    up, down = f(p0 + eps * g / g.norm()).item(), f(p0 - eps * g / g.norm()).item()
    print(f"f(p) = {f(p0).item():.4f}, a step along +∇f: {up:.4f}, along −∇f: {down:.4f}")

    # Steepest: try 360 unit directions; the biggest rise is along +∇f, the biggest fall along −∇f.
    angles = torch.arange(360, dtype=torch.float64, device=device) * math.pi / 180
    dirs = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
    change = torch.stack([f(p0 + eps * d) - f(p0) for d in dirs])
    best_up, best_down = dirs[change.argmax()], dirs[change.argmin()]
    unit = g / g.norm()
    assert torch.allclose(best_up, unit, atol=0.01) and torch.allclose(best_down, -unit, atol=0.01)
    # −∇f = (−2, −20) does not point at the minimum, whose direction is (−1, −1)/√2.
    towards_min = -p0 / p0.norm()
    assert torch.dot(-unit, towards_min).item() < 0.8

    if up > f(p0).item() > down:
        outcome = "ascent"
    elif down > f(p0).item() > up:
        outcome = "descent"
    else:
        outcome = "perpendicular"
    return next(k for k, v in CANDIDATES.items() if v == outcome)


if __name__ == "__main__":
    print(answer())
