"""Gradients, shift tolerance, channels, input size and parameters of pooling layers."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    x = torch.tensor([[1.0, 3.0], [5.0, 6.0]], device=device).reshape(1, 1, 2, 2)

    # A: max pooling routes the gradient only to the winner of each window.
    xm = x.clone().requires_grad_(True)
    nn.MaxPool2d(2)(xm).sum().backward()
    assert xm.grad[0, 0].tolist() == [[0.0, 0.0], [0.0, 1.0]]

    # B: average pooling shares it equally, 1/(K·K) = 1/4 to each input.
    xa = x.clone().requires_grad_(True)
    nn.AvgPool2d(2)(xa).sum().backward()
    assert xa.grad[0, 0].tolist() == [[0.25, 0.25], [0.25, 0.25]]

    # C: a bright pixel moving inside one 2×2 window leaves the max-pooled map unchanged.
    a = torch.zeros(1, 1, 4, 4, device=device)
    b = torch.zeros(1, 1, 4, 4, device=device)
    a[0, 0, 0, 0] = 1.0
    b[0, 0, 1, 1] = 1.0  # shifted one pixel right and down
    assert not torch.equal(a, b)
    assert torch.equal(nn.MaxPool2d(2)(a), nn.MaxPool2d(2)(b))

    # D (false): pooling keeps the channel count; only H and W shrink.
    f = torch.randn(2, 64, 8, 8, device=device)
    assert nn.MaxPool2d(2)(f).shape == (2, 64, 4, 4)

    # E (false): global average pooling accepts any H×W.
    gap = nn.AdaptiveAvgPool2d(1)
    for h, w in [(7, 7), (13, 20), (1, 3)]:
        assert gap(torch.randn(1, 64, h, w, device=device)).shape == (1, 64, 1, 1)

    # F (false): pooling layers have nothing to learn.
    for layer in (nn.MaxPool2d(2), nn.AvgPool2d(2), gap):
        assert sum(p.numel() for p in layer.parameters()) == 0
    print("A, B, C hold; D, E, F are false (see the asserts)")


if __name__ == "__main__":
    demo()
