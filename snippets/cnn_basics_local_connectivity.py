"""One conv output depends only on a K×K window of every input channel (local connectivity)."""

import torch
from torch import nn


def answer(size=28, kernel=5, c_in=1, *, device="cpu"):
    torch.manual_seed(0)
    conv = nn.Conv2d(c_in, 8, kernel, device=device)
    x = torch.randn(1, c_in, size, size, device=device, requires_grad=True)
    out = conv(x)
    i = j = out.shape[-1] // 2  # an output pixel away from the border
    out[0, 0, i, j].backward()
    touched = x.grad != 0  # which input values this one output depends on
    n = int(touched.sum())
    # Exactly the K×K window below that pixel, across all input channels, and nothing else.
    assert touched[0, :, i : i + kernel, j : j + kernel].all()
    assert n == kernel * kernel * c_in

    # A fully-connected unit on the flattened image depends on every input value.
    fc = nn.Linear(c_in * size * size, 1, device=device)
    x.grad = None
    fc(x.flatten(1)).sum().backward()
    assert int((x.grad != 0).sum()) == c_in * size * size
    print(f"conv output depends on {n} inputs; an FC unit on {c_in * size * size}")
    return n


if __name__ == "__main__":
    print(answer())
