"""MaxPool2d(2) and AvgPool2d(2) on a fixed 4×4 map, next to the usual mix-ups."""

import torch
from torch import nn

X = [[1, 3, 2, 0], [5, 6, 1, 2], [7, 2, 9, 4], [0, 1, 3, 8]]
CHOICES = [  # the question's choices A..E, in YAML order
    [[6, 2], [7, 9]],
    [[3.75, 1.25], [2.5, 6]],
    [[6, 6, 2], [7, 9, 9], [7, 9, 9]],
    [[9]],
    [[1, 0], [0, 3]],
]


def answer(*, device="cpu"):
    x = torch.tensor(X, dtype=torch.float32, device=device).reshape(1, 1, 4, 4)
    results = {
        "max 2x2 s2": nn.MaxPool2d(2)(x),
        "avg 2x2 s2": nn.AvgPool2d(2)(x),
        "max 2x2 s1": nn.MaxPool2d(2, stride=1)(x),
        "global max": nn.AdaptiveMaxPool2d(1)(x),
        "min 2x2 s2": -nn.MaxPool2d(2)(-x),
    }
    for (name, y), choice in zip(results.items(), CHOICES, strict=True):
        print(f"{name:11s} {y[0, 0].tolist()}")
        assert y[0, 0].tolist() == choice, name
    gap = nn.AdaptiveAvgPool2d(1)(x)
    assert gap.item() == sum(map(sum, X)) / 16 == 3.375  # global average pooling
    wanted = nn.MaxPool2d(2)(x)[0, 0].tolist()
    return "ABCDE"[CHOICES.index(wanted)]


if __name__ == "__main__":
    print(answer())
