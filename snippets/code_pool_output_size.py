"""Reference for code-pool-output-size: the output width of MaxPool2d, measured on a real layer."""

import random

import torch
from torch import nn


def answer(size=28, kernel=2, stride=None, padding=0, *, device="cpu"):
    pool = nn.MaxPool2d(kernel, stride=stride, padding=padding)  # stride=None means stride=kernel
    return int(pool(torch.zeros(1, 1, size, size, device=device)).shape[-1])


def random_case(rng: random.Random):
    kernel = rng.choice([2, 2, 3, 3, 4])
    return {
        "size": rng.randint(kernel, 64),
        "kernel": kernel,
        "stride": rng.choice([None, None, 1, 2, 3]),
        "padding": rng.randint(0, kernel // 2),  # MaxPool2d allows at most half the kernel
    }


if __name__ == "__main__":
    rng = random.Random("code-pool-output-size")
    for _ in range(100):
        c = random_case(rng)
        stride = c["stride"] or c["kernel"]
        assert answer(**c) == (c["size"] + 2 * c["padding"] - c["kernel"]) // stride + 1, c
    assert answer(55, 3, 2) == 27  # AlexNet's overlapping pooling
    print("28x28, MaxPool2d(2) ->", answer())
