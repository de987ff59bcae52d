"""f(x, y) = x² + 3y² after a step of 0.1·∇f, taken with (+) or against (−) the gradient."""

import torch


def f(p):
    return p[0] ** 2 + 3 * p[1] ** 2


def answer(x=1, y=1, direction="−", *, device="cpu"):
    p = torch.tensor([float(x), float(y)], dtype=torch.float64, device=device, requires_grad=True)
    f(p).backward()
    g = p.grad
    assert g.tolist() == [2.0 * x, 6.0 * y]  # ∇f = (2x, 6y) by hand
    sign = {"+": 1.0, "−": -1.0, "-": -1.0}[direction]
    with torch.no_grad():
        moved = p + sign * 0.1 * g
        before, after = f(p).item(), f(moved).item()
    # Against the gradient f falls, along it f rises: the gradient points uphill.
    assert (after < before) == (sign < 0)
    return round(after, 6)


if __name__ == "__main__":
    for d in ("+", "−"):
        print(f"p = (1, 1), p {d} 0.1·∇f: f = {answer(1, 1, d)}  (f(p) = 4)")
