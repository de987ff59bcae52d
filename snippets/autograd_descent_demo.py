"""Gradient descent moves the parameters against the gradient: w ← w − lr·∇L."""

import torch


def demo(*, device="cpu"):
    torch.manual_seed(0)
    x = torch.randn(32, 3, device=device)
    y = x @ torch.tensor([2.0, -1.0, 0.5], device=device)
    losses = {}
    for name, sign in (("w − lr·∇L", -1.0), ("w + lr·∇L", 1.0)):
        w = torch.zeros(3, device=device, requires_grad=True)
        history = []
        for _ in range(20):
            loss = ((x @ w - y) ** 2).mean()
            history.append(loss.item())
            w.grad = None
            loss.backward()
            with torch.no_grad():
                w += sign * 0.1 * w.grad
        losses[name] = history
        print(f"{name}: loss {history[0]:.3f} -> {history[-1]:.3g}")
    assert losses["w − lr·∇L"][-1] < 0.01 * losses["w − lr·∇L"][0]  # descends
    assert losses["w + lr·∇L"][-1] > 100 * losses["w + lr·∇L"][0]  # climbs: ascent
    # torch.optim.SGD takes the same step: it subtracts lr·grad.
    w = torch.zeros(3, device=device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1)
    ((x @ w - y) ** 2).mean().backward()
    expected = -0.1 * w.grad.clone()
    opt.step()
    assert torch.allclose(w.detach(), expected)


if __name__ == "__main__":
    demo()
