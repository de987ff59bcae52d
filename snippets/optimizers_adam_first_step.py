"""Adam's first step moves each weight by about lr, whatever the size of its gradient."""

import math

import torch


def answer(a=100.0, w0=3.0, lr=0.1, *, device="cpu"):
    torch.manual_seed(0)
    w = torch.tensor(float(w0), device=device, requires_grad=True)
    opt = torch.optim.Adam([w], lr=lr)  # betas=(0.9, 0.999), eps=1e-8
    loss = a * w**2
    loss.backward()
    g = w.grad.item()
    opt.step()

    # By hand: m1 = 0.1*g, v1 = 0.001*g^2; bias-corrected m1/0.1 = g, v1/0.001 = g^2,
    # so the step is lr * g / (|g| + eps) = lr * sign(g).
    m_hat = (0.1 * g) / (1 - 0.9)
    v_hat = (0.001 * g * g) / (1 - 0.999)
    expected = w0 - lr * m_hat / (v_hat**0.5 + 1e-8)
    assert abs(w.item() - expected) < 1e-5, (w.item(), expected)
    assert abs(abs(w.item() - w0) - lr) < 1e-5  # the step is lr, not lr * |g|
    return round(w.item(), 6)


def mistake_no_bias_correction(a=100.0, w0=3.0, lr=0.1):
    """m1 / sqrt(v1) without dividing by 1 - beta^t: a step of about 3.16 * lr."""
    g = 2 * a * w0
    m, v = 0.1 * g, 0.001 * g * g
    return w0 - lr * m / (math.sqrt(v) + 1e-8)


def mistake_sgd(a=100.0, w0=3.0, lr=0.1):
    """A plain SGD step, lr * g."""
    g = 2 * a * w0
    value = w0 - lr * g
    right = w0 - lr * g / (abs(g) + 1e-8)
    return None if abs(value - right) < 0.002 else value


if __name__ == "__main__":
    for a in (0.5, 100.0):
        print(f"L = {a}*w^2, w0 = 3, Adam(lr=0.1): w after one step = {answer(a=a)}")
