"""dE/dw of a sigmoid neuron, E = (y - t)^2 / 2: autograd, checked against the chain rule."""

import torch


def answer(w=0.5, x=2.0, t=1.0, b=0.0, *, device="cpu"):
    torch.manual_seed(0)
    w_ = torch.tensor(float(w), device=device, requires_grad=True)
    b_ = torch.tensor(float(b), device=device, requires_grad=True)
    z = w_ * x + b_
    y = torch.sigmoid(z)
    e = 0.5 * (y - t) ** 2
    e.backward()
    # Chain rule by hand: dE/dw = dE/dy * dy/dz * dz/dw = (y - t) * y(1 - y) * x
    yv = y.item()
    by_hand = (yv - t) * yv * (1 - yv) * x
    assert abs(w_.grad.item() - by_hand) < 1e-6
    return w_.grad.item()


if __name__ == "__main__":
    print(answer())
