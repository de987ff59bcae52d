"""Reference for code-mse: F.mse_loss (the ground truth) on a regression head's (N, 1) output
and an (N,) target, lined up first."""

import random

import torch
import torch.nn.functional as F


def answer(pred=((1.0,), (2.0,), (4.0,)), target=(1.0, 3.0, 2.0), *, device="cpu"):
    pred = torch.as_tensor(pred, dtype=torch.float32, device=device)
    target = torch.as_tensor(target, dtype=torch.float32, device=device)
    return F.mse_loss(pred.view(-1), target)  # mean of the N squared errors


def prepare(case, *, device="cpu"):
    return {
        "pred": torch.tensor(case["pred"], dtype=torch.float32, device=device).view(-1, 1),
        "target": torch.tensor(case["target"], dtype=torch.float32, device=device),
    }


def random_case(rng: random.Random):
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    n = rng.randint(2, 8)
    return {
        "pred": torch.randn(n, 1, generator=g).tolist(),
        "target": torch.randn(n, generator=g).tolist(),
    }


if __name__ == "__main__":
    assert abs(answer().item() - (0 + 1 + 4) / 3) < 1e-6
    rng = random.Random("code-mse")
    for _ in range(20):
        a = prepare(random_case(rng))
        p, t = a["pred"][:, 0].tolist(), a["target"].tolist()
        by_hand = sum((pi - ti) ** 2 for pi, ti in zip(p, t, strict=True)) / len(t)
        assert abs(answer(**a).item() - by_hand) < 1e-5
        # The trap: (N, 1) - (N,) broadcasts to (N, N), every prediction against every target.
        assert (a["pred"] - a["target"]).shape == (len(t), len(t))
    print(answer())
