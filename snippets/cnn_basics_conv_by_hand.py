"""One output of a 3×3 convolution: the weighted sum of the patch under the kernel, plus bias."""

import ast

import torch
from torch import nn


def answer(
    patch="[[3, 0, 1], [2, 5, 7], [4, 6, 2]]",
    kernel="[[0, 1, 0], [1, -4, 1], [0, 1, 0]]",
    bias=0,
    *,
    device="cpu",
):
    rows, weights = ast.literal_eval(patch), ast.literal_eval(kernel)
    x = torch.tensor(rows, dtype=torch.float32, device=device)
    k = torch.tensor(weights, dtype=torch.float32, device=device)
    conv = nn.Conv2d(1, 1, kernel_size=3, stride=1, padding=0, bias=True, device=device)
    with torch.no_grad():  # set the kernel by hand, as the course notes do
        conv.weight.copy_(k.view(1, 1, 3, 3))
        conv.bias.fill_(float(bias))
        out = conv(x.view(1, 1, 3, 3))
    assert out.shape == (1, 1, 1, 1)  # a 3×3 input and a 3×3 kernel: one position
    # By hand: multiply element by element, add all nine products, add the bias once.
    products = [
        a * w for r, kr in zip(rows, weights, strict=True) for a, w in zip(r, kr, strict=True)
    ]
    by_hand = sum(products) + bias
    assert abs(out.item() - by_hand) < 1e-4
    return round(out.item(), 4)


if __name__ == "__main__":
    print("Laplacian on [[3, 0, 1], [2, 5, 7], [4, 6, 2]], bias 1:", answer(bias=1))
