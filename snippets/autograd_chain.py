"""dy/dx of y = (a·x + b)³ by autograd, checked against the chain rule 3(a·x + b)²·a."""

import torch


def answer(a=2, b=1, x=1, *, device="cpu"):
    xt = torch.tensor(float(x), requires_grad=True, device=device)
    u = a * xt + b  # inner function
    y = u**3  # outer function
    y.backward()
    chain = 3 * (a * x + b) ** 2 * a  # dy/du · du/dx
    assert xt.grad.item() == chain, (xt.grad.item(), chain)
    return float(xt.grad.item())


if __name__ == "__main__":
    print(answer())
