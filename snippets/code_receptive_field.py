"""Reference for code-receptive-field: the receptive field of a stack of layers, measured by
which inputs one output's gradient reaches (1-D, so each layer is a kernel and a stride)."""

import random

import torch
from torch import nn


def answer(kernels=(3, 3), strides=(1, 1), *, device="cpu"):
    layers = [
        nn.Conv1d(1, 1, k, stride=s, bias=False, device=device)
        for k, s in zip(kernels, strides, strict=True)
    ]
    for layer in layers:
        nn.init.ones_(layer.weight)  # positive weights: no gradient cancels out by accident
    jump, reach = 1, 1
    # Generous room for the input, so that no border is reached.
    for k, s in zip(kernels, strides, strict=True):
        reach, jump = reach + (k - 1) * jump * s, jump * s
    length = 4 * reach + 4 * jump + 8
    x = torch.ones(1, 1, length, device=device, requires_grad=True)
    y = nn.Sequential(*layers)(x)
    y[0, 0, y.shape[-1] // 2].backward()  # one output in the middle
    touched = (x.grad[0, 0] != 0).nonzero().flatten()
    lo, hi = int(touched.min()), int(touched.max())
    assert 0 < lo and hi < length - 1, "the field reached the border"
    return hi - lo + 1


def random_case(rng: random.Random):
    n = rng.randint(1, 5)
    return {
        "kernels": [rng.choice([1, 2, 3, 3, 5, 7]) for _ in range(n)],
        "strides": [rng.choice([1, 1, 2, 2, 3]) for _ in range(n)],
    }


if __name__ == "__main__":
    assert answer([3, 3], [1, 1]) == 5  # two 3×3 convs see what one 5×5 sees
    assert answer([3, 3, 3], [1, 1, 1]) == 7
    assert answer([7, 3, 3], [2, 2, 1]) == 19  # ResNet's stem conv7/2 + pool3/2, then a 3×3
    rng = random.Random("code-receptive-field")
    for _ in range(50):
        c = random_case(rng)
        rf, jump = 1, 1
        for k, s in zip(c["kernels"], c["strides"], strict=True):
            # Each layer widens the field by (k - 1) times the spacing of its input.
            rf, jump = rf + (k - 1) * jump, jump * s
        assert answer(**c) == rf, c
    print(answer())
