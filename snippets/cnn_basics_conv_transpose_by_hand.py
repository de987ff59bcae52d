"""Transposed convolution by hand: each input pixel stamps kernel × value; overlaps add up."""

import torch
from torch import nn


def answer(*, device="cpu"):
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], device=device).view(1, 1, 2, 2)
    up = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, bias=False, device=device)
    with torch.no_grad():
        up.weight.fill_(1.0)
        out = up(x)[0, 0]
    assert out.shape == (5, 5)  # (2 − 1)·2 + 3

    # By hand: input pixel (i, j) adds value·kernel to the 3×3 block whose corner is (2i, 2j).
    by_hand = torch.zeros(5, 5, device=device)
    for i in range(2):
        for j in range(2):
            by_hand[2 * i : 2 * i + 3, 2 * j : 2 * j + 3] += x[0, 0, i, j]
    assert torch.equal(out, by_hand)
    for row in out.tolist():
        print(" ".join(f"{v:4.0f}" for v in row))
    # The uneven sums (1, 3, 10, …) are the overlap pattern behind "checkerboard" artefacts.
    return out[2, 2].item()


if __name__ == "__main__":
    print("centre:", answer())
