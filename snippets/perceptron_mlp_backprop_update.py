"""Backprop through h = ReLU(w1*x), y = w2*h, E = (y - t)^2 / 2, then one descent step on w1."""

import torch


def answer(x=1.0, w1=2.0, w2=3.0, t=4.0, lr=0.1, *, device="cpu"):
    torch.manual_seed(0)
    w1_ = torch.tensor(float(w1), device=device, requires_grad=True)
    w2_ = torch.tensor(float(w2), device=device, requires_grad=True)
    h = torch.relu(w1_ * x)
    y = w2_ * h
    e = 0.5 * (y - t) ** 2
    e.backward()
    # By hand: dE/dy = y - t; dE/dw2 = (y - t) * h; dE/dw1 = (y - t) * w2 * relu'(w1 x) * x
    dy = y.item() - t
    relu_slope = 1.0 if w1 * x > 0 else 0.0
    assert abs(w2_.grad.item() - dy * h.item()) < 1e-6
    assert abs(w1_.grad.item() - dy * w2 * relu_slope * x) < 1e-6
    with torch.no_grad():
        w1_ -= lr * w1_.grad  # delta w = -eta * dE/dw
    return w1_.item()


if __name__ == "__main__":
    print(answer())
