"""z = y.detach() · x with y = x²: the detached factor is a constant, so dz/dx = x², not 3x²."""

import torch


def answer(x=3.0, *, device="cpu"):
    xt = torch.tensor(x, requires_grad=True, device=device)
    y = xt**2
    z = y.detach() * xt
    z.backward()
    cut = xt.grad.item()

    xt.grad = None
    (xt**2 * xt).backward()  # the same value without detach: z = x³
    full = xt.grad.item()
    assert cut == x**2 and full == 3 * x**2, (cut, full)
    return float(cut)


if __name__ == "__main__":
    print(answer())
