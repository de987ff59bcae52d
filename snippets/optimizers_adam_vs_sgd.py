"""On a seeded, badly scaled regression Adam reaches a target loss in far fewer steps than SGD."""

import torch
from torch import nn

TARGET = 0.05


def data(device="cpu"):
    g = torch.Generator().manual_seed(0)
    # Two features on very different scales (std 5 and 0.2): a long, narrow valley.
    x = torch.randn(64, 2, generator=g) * torch.tensor([5.0, 0.2])
    y = x @ torch.tensor([1.0, -3.0]) + 0.01 * torch.randn(64, generator=g)
    return x.to(device), y.to(device)


def steps_to_target(make_opt, max_steps=400, device="cpu"):
    """Steps until the MSE drops below TARGET; 'diverged' if it blows up, None if too slow."""
    x, y = data(device)
    model = nn.Linear(2, 1, bias=False, device=device)
    nn.init.zeros_(model.weight)  # every run starts from the same point, w = 0
    opt = make_opt(model.parameters())
    for step in range(max_steps + 1):
        loss = ((model(x).squeeze(1) - y) ** 2).mean()
        if loss.item() < TARGET:
            return step
        if not torch.isfinite(loss) or loss.item() > 1e6:
            return "diverged"
        opt.zero_grad()
        loss.backward()
        opt.step()
    return None


def demo(*, device="cpu"):
    torch.manual_seed(0)
    x, _ = data(device)
    lam = torch.linalg.eigvalsh(2 * x.T @ x / len(x))  # eigenvalues of the MSE's Hessian
    limit = 2 / lam.max().item()
    print(f"Hessian eigenvalues {lam.min():.3f} and {lam.max():.1f}")
    print(f"plain SGD is stable only for lr < 2/lambda_max = {limit:.4f}")

    sgd_fast = steps_to_target(lambda p: torch.optim.SGD(p, lr=0.04), device=device)
    sgd_big = steps_to_target(lambda p: torch.optim.SGD(p, lr=0.05), device=device)
    adam = steps_to_target(lambda p: torch.optim.Adam(p, lr=0.1), device=device)
    print(f"SGD  lr=0.04 (largest stable): {sgd_fast} steps to loss < {TARGET}")
    print(f"SGD  lr=0.05 (too large):      {sgd_big}")
    print(f"Adam lr=0.1:                   {adam} steps to loss < {TARGET}")

    assert 0.04 < limit < 0.05
    assert sgd_big == "diverged"  # SGD cannot simply take bigger steps
    assert isinstance(sgd_fast, int) and isinstance(adam, int)
    assert adam * 5 < sgd_fast, (adam, sgd_fast)  # Adam: several times fewer steps


if __name__ == "__main__":
    demo()
