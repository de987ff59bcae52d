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


if __name__ == "__main__":
    print(answer())
