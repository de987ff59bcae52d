"""Reference for code-dropout: inverted dropout with a given keep-mask, and a check that
nn.Dropout scales exactly this way in training and is the identity in eval mode."""

import random

import torch
from torch import nn


def answer(
    x=((1.0, 2.0, 3.0, 4.0),), keep=((1.0, 0.0, 1.0, 1.0),), p=0.5, train=True, *, device="cpu"
):
    x = torch.as_tensor(x, dtype=torch.float32, device=device)
    keep = torch.as_tensor(keep, dtype=torch.float32, device=device)
    if not train:
        return x.clone()  # eval mode: every unit, unscaled
    return x * keep / (1 - p)  # survivors scaled by 1/(1-p): the expected value stays x


def prepare(case, *, device="cpu"):
    return {
        "x": torch.tensor(case["x"], dtype=torch.float32, device=device),
        "keep": torch.tensor(case["keep"], dtype=torch.float32, device=device),
        "p": float(case["p"]),
        "train": bool(case["train"]),
    }


def random_case(rng: random.Random):
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    p = rng.choice([0.1, 0.2, 0.3, 0.5, 0.8])
    shape = (rng.randint(1, 4), rng.randint(2, 8))
    x = torch.randn(shape, generator=g)
    keep = (torch.rand(shape, generator=g) >= p).float()  # each unit survives with prob 1 - p
    return {"x": x.tolist(), "keep": keep.tolist(), "p": p, "train": rng.random() < 0.6}


if __name__ == "__main__":
    torch.manual_seed(0)
    x = torch.rand(4, 50) + 0.5  # positive, so a dropped unit is exactly the zeros
    for p in (0.3, 0.5):
        drop = nn.Dropout(p)
        y = drop(x)  # a fresh module is in training mode
        keep = (y != 0).float()
        assert torch.allclose(y, answer(x, keep, p, True))
        drop.eval()
        assert torch.equal(drop(x), answer(x, keep, p, False))
    print(answer())
