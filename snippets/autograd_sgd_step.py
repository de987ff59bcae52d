"""One SGD step on loss = (w·x − t)²: the gradient by hand equals autograd's, then w moves."""

import torch


def answer(w=2.0, x=3.0, t=4.0, lr=0.01, *, device="cpu"):
    wt = torch.tensor(w, requires_grad=True, device=device)
    loss = (wt * x - t) ** 2
    loss.backward()
    manual = 2 * (w * x - t) * x  # chain rule: d(u²)/du · du/dw with u = w·x − t
    assert abs(wt.grad.item() - manual) < 1e-6
    # What torch.optim.SGD(lr=lr).step() does for plain SGD: w ← w − lr·grad, outside the graph.
    with torch.no_grad():
        wt -= lr * wt.grad
    assert abs(wt.item() - (w - lr * manual)) < 1e-6
    return round(wt.item(), 6)


if __name__ == "__main__":
    print(answer())
