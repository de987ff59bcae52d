"""Reference for code-conv-output-size: the output width of a Conv2d, measured on a real layer."""

import random

import torch
from torch import nn


def answer(size=32, kernel=5, stride=1, padding=0, dilation=1, *, device="cpu"):
    conv = nn.Conv2d(1, 1, kernel, stride, padding, dilation, bias=False, device=device)
    with torch.no_grad():
        return int(conv(torch.zeros(1, 1, size, size, device=device)).shape[-1])


def random_case(rng: random.Random):
    while True:
        case = {
            "size": rng.randint(5, 64),
            "kernel": rng.choice([1, 2, 3, 5, 7]),
            "stride": rng.choice([1, 1, 2, 2, 3]),
            "padding": rng.randint(0, 3),
            "dilation": rng.choice([1, 1, 1, 2, 3]),
        }
        if case["size"] + 2 * case["padding"] >= case["dilation"] * (case["kernel"] - 1) + 1:
            return case


if __name__ == "__main__":
    rng = random.Random("code-conv-output-size")
    for _ in range(100):
        c = random_case(rng)
        span = c["size"] + 2 * c["padding"] - c["dilation"] * (c["kernel"] - 1) - 1
        assert answer(**c) == span // c["stride"] + 1, c  # the textbook formula, rounded down
    print("32x32, kernel 5 ->", answer())
