"""Plain gradient descent stops in the nearest (local) minimum; momentum or a new start escape."""

import torch


def f(w):
    return w**4 - 3 * w**2 + w  # local minimum near w = 1.13, global one near w = -1.30


def descend(w0, lr=0.01, momentum=0.0, steps=200, device="cpu"):
    w = torch.tensor(w0, device=device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr, momentum=momentum)
    for _ in range(steps):
        opt.zero_grad()
        f(w).backward()
        opt.step()
    return w.item(), f(w).item()


def demo(*, device="cpu"):
    torch.manual_seed(0)
    runs = {
        "plain GD from w=2.0           ": descend(2.0, device=device),
        "GD + momentum 0.9 from w=2.0  ": descend(2.0, momentum=0.9, device=device),
        "plain GD from w=-0.5 (new init)": descend(-0.5, device=device),
    }
    for name, (w, loss) in runs.items():
        print(f"{name}: ends at w = {w:+.3f}, loss = {loss:.3f}")
    plain, heavy, restart = runs.values()
    assert abs(plain[0] - 1.131) < 0.01 and plain[1] > -1.1  # stuck: the gradient is 0 there
    assert abs(heavy[0] + 1.301) < 0.01 and heavy[1] < -3.5  # inertia carried it over the hump
    assert abs(restart[0] + 1.301) < 0.01  # another starting point lands in the better basin


if __name__ == "__main__":
    demo()
