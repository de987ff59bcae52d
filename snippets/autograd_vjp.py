"""y.backward(gradient=v) for y = x²: x.grad[i] = v[i]·2x[i], the same as (v·y).sum().backward()."""

import ast

import torch


def answer(v="[1.0, 1.0, 1.0]", i=0, *, device="cpu"):
    weights = torch.tensor(ast.literal_eval(v), device=device)
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True, device=device)
    y = x**2
    y.backward(gradient=weights)
    vjp = x.grad.clone()

    x.grad = None
    (weights * x**2).sum().backward()  # the weighted sum gives the same gradient
    assert torch.allclose(vjp, x.grad)
    assert torch.allclose(vjp, weights * 2 * x.detach())  # dy_i/dx_i = 2x_i
    return round(float(vjp[i]), 6)


if __name__ == "__main__":
    print(answer())
