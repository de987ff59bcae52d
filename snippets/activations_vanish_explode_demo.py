"""Deep sigmoid nets starve their first layer of gradient; large weights make gradients explode."""

import torch
from torch import nn


def first_last_grad(act, depth=12, width=32, std=None, *, device):
    torch.manual_seed(0)
    layers = []
    for _ in range(depth):
        lin = nn.Linear(width, width, device=device)
        if std is not None:
            nn.init.normal_(lin.weight, std=std)
        else:
            nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
        layers += [lin, act()]
    net = nn.Sequential(*layers)
    x = torch.randn(64, width, device=device)
    net(x).pow(2).mean().backward()
    return layers[0].weight.grad.norm().item(), layers[-2].weight.grad.norm().item(), net


def demo(*, device="cpu"):
    # Vanishing: σ' ≤ 0.25, so each sigmoid layer shrinks the gradient on its way back.
    first, last, _ = first_last_grad(nn.Sigmoid, std=0.2, device=device)
    print(f"sigmoid, 12 layers: ‖grad‖ first layer {first:.2e}, last layer {last:.2e}")
    assert first < 1e-4 * last

    # ReLU (derivative 1 where active) with Kaiming init keeps the two in the same range.
    first, last, _ = first_last_grad(nn.ReLU, device=device)
    print(f"ReLU + Kaiming    : ‖grad‖ first layer {first:.2e}, last layer {last:.2e}")
    assert 0.1 < first / last < 10

    # Exploding: weights too large (std 1 for width 32) make every layer amplify.
    first, last, net = first_last_grad(nn.ReLU, std=1.0, device=device)
    print(f"ReLU, std 1.0     : ‖grad‖ first layer {first:.2e}, last layer {last:.2e}")
    assert first > 1e6

    # Gradient clipping caps the total norm before the optimizer step.
    before = nn.utils.clip_grad_norm_(net.parameters(), max_norm=5.0)
    after = torch.sqrt(sum(p.grad.pow(2).sum() for p in net.parameters())).item()
    print(f"clip_grad_norm_(max_norm=5): total norm {before.item():.2e} -> {after:.3f}")
    assert after <= 5.0 + 1e-3


if __name__ == "__main__":
    demo()
