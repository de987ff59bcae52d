"""Reference for code-sigmoid-grad: the derivative of the sigmoid, taken by autograd."""

import random

import torch


def answer(x=(0.0, 2.0, -2.0), *, device="cpu"):
    x = torch.as_tensor(x, dtype=torch.float32, device=device).detach().clone().requires_grad_()
    torch.sigmoid(x).sum().backward()  # each output depends on its own input only
    return x.grad


def prepare(case, *, device="cpu"):
    return {"x": torch.tensor(case["x"], dtype=torch.float32, device=device)}


def random_case(rng: random.Random):
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    shape = rng.choice([(5,), (2, 3), (4, 4)])
    return {"x": (torch.randn(shape, generator=g) * rng.choice([0.5, 2.0, 6.0])).tolist()}


if __name__ == "__main__":
    x = torch.linspace(-8, 8, 101)
    s = torch.sigmoid(x)
    assert torch.allclose(answer(x), s * (1 - s), atol=1e-7)  # σ'(x) = σ(x)(1 − σ(x))
    assert answer([0.0]).item() == 0.25  # its maximum, at x = 0
    print(answer())
