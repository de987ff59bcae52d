"""ResNet adds its shortcut (shape kept, gradient passes); DenseNet concatenates (channels grow)."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    f = nn.Conv2d(16, 16, 3, padding=1).to(device)
    g = nn.Conv2d(16, 12, 3, padding=1).to(device)
    x = torch.randn(1, 16, 8, 8, device=device, requires_grad=True)

    res = x + f(x)  # ResNet: H(x) = F(x) + x
    dense = torch.cat([x, g(x)], dim=1)  # DenseNet: [x, F(x)]
    assert res.shape == (1, 16, 8, 8)
    assert dense.shape == (1, 16 + 12, 8, 8)
    print("add:", tuple(res.shape), " concat:", tuple(dense.shape))

    # With F's weights at zero a residual block is exactly the identity, and the gradient
    # still reaches x through the shortcut undiminished: ∂(x + F(x))/∂x = I + ∂F/∂x.
    with torch.no_grad():
        f.weight.zero_()
        f.bias.zero_()
    y = x + f(x)
    assert torch.equal(y, x)
    y.sum().backward()
    assert torch.equal(x.grad, torch.ones_like(x))

    # Gradient vanishing: a plain 20-layer tanh stack shrinks the gradient at every layer;
    # the same layers with shortcuts keep it at least at the identity's level.
    layers = [nn.Conv2d(16, 16, 3, padding=1).to(device) for _ in range(20)]
    norms = {}
    for residual in (False, True):
        z = torch.randn(1, 16, 8, 8, device=device, requires_grad=True)
        h = z
        for m in layers:
            h = h + torch.tanh(m(h)) if residual else torch.tanh(m(h))
        h.sum().backward()
        norms[residual] = z.grad.abs().mean().item()
        name = "residual" if residual else "plain   "
        print(f"{name} 20 layers: mean |∂L/∂x| = {norms[residual]:.3g}")
    assert norms[True] > 1000 * norms[False]


if __name__ == "__main__":
    demo()
