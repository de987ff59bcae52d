"""Two steps of torch.optim.SGD with momentum on L = w^2, checked against v = mu*v + g."""

import torch


def answer(w0=1.0, lr=0.1, momentum=0.9, steps=2, *, device="cpu"):
    torch.manual_seed(0)
    w = torch.tensor(float(w0), device=device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr, momentum=momentum)

    # The same update by hand: PyTorch starts the buffer at the first gradient (v1 = g1),
    # then v = mu*v + g and w = w - lr*v (no (1 - mu) factor).
    w_hand, v = float(w0), None
    for _ in range(steps):
        opt.zero_grad()
        (w**2).backward()
        opt.step()
        g = 2 * w_hand
        v = g if v is None else momentum * v + g
        w_hand -= lr * v
    assert abs(w.item() - w_hand) < 1e-5, (w.item(), w_hand)
    return round(w.item(), 6)


def _pytorch(w0, lr, momentum, steps):
    w, v = float(w0), None
    for _ in range(steps):
        g = 2 * w
        v = g if v is None else momentum * v + g
        w -= lr * v
    return w


def _unless_close(value, w0, lr, momentum, steps):
    return None if abs(value - _pytorch(w0, lr, momentum, steps)) < 0.002 else value


def mistake_dampened(w0=1.0, lr=0.1, momentum=0.9, steps=2):
    """The textbook velocity v = mu*v + (1 - mu)*g, from v = 0."""
    w, v = float(w0), 0.0
    for _ in range(steps):
        v = momentum * v + (1 - momentum) * 2 * w
        w -= lr * v
    return _unless_close(w, w0, lr, momentum, steps)


def mistake_no_momentum(w0=1.0, lr=0.1, momentum=0.9, steps=2):
    """Plain SGD steps, the velocity forgotten."""
    w = float(w0)
    for _ in range(steps):
        w -= lr * 2 * w
    return _unless_close(w, w0, lr, momentum, steps)


if __name__ == "__main__":
    for mu in (0.0, 0.5, 0.9):
        print(f"w0=1, lr=0.1, momentum={mu}: w after 2 steps = {answer(momentum=mu)}")
