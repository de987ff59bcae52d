"""backward() adds into .grad: n calls without zero_grad leave n times one gradient."""

import torch


def answer(n=3, a=2, *, device="cpu"):
    w = torch.tensor(1.0, requires_grad=True, device=device)
    seen = []
    for _ in range(n):
        loss = a * w**2  # d(loss)/dw = 2·a·w = 2a at w = 1
        loss.backward()
        seen.append(w.grad.item())
    assert seen == [2 * a * (k + 1) for k in range(n)], seen  # it grows by 2a every call
    return float(w.grad.item())


def mistake_overwritten(n=3, a=2):
    """Takes backward() to overwrite .grad instead of adding to it."""
    return None if n == 1 else 2 * a


if __name__ == "__main__":
    print(answer())
