"""One SGD step with weight_decay=wd: w <- w - lr * (g + wd * w), i.e. L2 regularization."""

import torch


def answer(w=2.0, g=0.3, lr=0.1, wd=0.01, *, device="cpu"):
    torch.manual_seed(0)
    # (a) the optimizer's weight_decay
    p = torch.tensor(float(w), device=device, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, weight_decay=wd)
    (g * p).backward()  # a data loss whose gradient is exactly g
    opt.step()

    # (b) the same thing as an explicit L2 term (wd/2)*w^2 added to the loss
    q = torch.tensor(float(w), device=device, requires_grad=True)
    opt_q = torch.optim.SGD([q], lr=lr)
    (g * q + wd / 2 * q**2).backward()
    opt_q.step()

    expected = w - lr * (g + wd * w)
    assert abs(p.item() - expected) < 1e-5, (p.item(), expected)
    assert abs(p.item() - q.item()) < 1e-6  # weight decay == L2 penalty for plain SGD
    return round(p.item(), 6)


def mistake_double_decay(w=2.0, g=0.3, lr=0.1, wd=0.01):
    """Adds 2 * wd * w, the gradient of wd * sum(w^2), instead of wd * w."""
    return w - lr * (g + 2 * wd * w)


def mistake_no_decay(w=2.0, g=0.3, lr=0.1, wd=0.01):
    """Leaves the decay term out."""
    return w - lr * g


if __name__ == "__main__":
    print(answer())
    print("with g = 0 the weight just shrinks by (1 - lr*wd):", answer(g=0.0))
