"""Which layer stacks see a 5x5 input window? Measured with input gradients, not the formula."""

import torch
from torch import nn


def field(net, *, size=31, device="cpu"):
    """Width of the input region that one central output pixel depends on."""
    net = net.to(device)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.Conv2d):
                m.weight.fill_(1.0)
    x = torch.ones(1, 1, size, size, device=device, requires_grad=True)
    y = net(x)
    c = y.shape[-1] // 2
    y[0, 0, c, c].backward()
    touched = (x.grad[0, 0].abs().sum(dim=0) > 0).nonzero().flatten()
    return int(touched.max() - touched.min() + 1)


def conv(k, **kw):
    return nn.Conv2d(1, 1, k, bias=False, **kw)


def demo(*, device="cpu"):
    cases = {
        "A one 5x5 conv": (nn.Sequential(conv(5)), 5),
        "B two 3x3 convs": (nn.Sequential(conv(3), conv(3)), 5),
        "C 3x3 conv, dilation 2": (nn.Sequential(conv(3, dilation=2)), 5),
        "D 3x3 stride 2, then 3x3": (nn.Sequential(conv(3, stride=2), conv(3)), 7),
        "E 3x3, then 2x2 avg pool s2": (nn.Sequential(conv(3), nn.AvgPool2d(2, 2)), 4),
    }
    for name, (net, expected) in cases.items():
        rf = field(net, device=device)
        print(f"{name:30s} receptive field {rf}x{rf}")
        assert rf == expected, (name, rf)


if __name__ == "__main__":
    demo()
