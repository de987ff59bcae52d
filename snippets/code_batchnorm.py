"""Reference for code-batchnorm: F.batch_norm (the ground truth) in training and eval mode,
with the by-hand formulas checked next to it."""

import random

import torch
import torch.nn.functional as F


def _f32(values, device):
    return torch.as_tensor(values, dtype=torch.float32, device=device)


def answer(
    x=((1.0, 10.0), (3.0, 20.0), (5.0, 60.0)),
    gamma=(1.0, 2.0),
    beta=(0.0, 1.0),
    running_mean=(0.0, 30.0),
    running_var=(1.0, 100.0),
    train=True,
    eps=1e-5,
    *,
    device="cpu",
):
    x, gamma, beta = (_f32(v, device) for v in (x, gamma, beta))
    # F.batch_norm updates the running statistics in place in training mode: give it copies.
    mean, var = _f32(running_mean, device).clone(), _f32(running_var, device).clone()
    return F.batch_norm(x, mean, var, gamma, beta, training=train, eps=eps)


def prepare(case, *, device="cpu"):
    args = {
        k: torch.tensor(case[k], dtype=torch.float32, device=device)
        for k in ("x", "gamma", "beta", "running_mean", "running_var")
    }
    args["train"] = bool(case["train"])
    if "eps" in case:
        args["eps"] = float(case["eps"])
    return args


def random_case(rng: random.Random):
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    n, c = rng.randint(2, 8), rng.randint(1, 4)
    x = torch.randn(n, c, generator=g) * rng.choice([1.0, 5.0]) + rng.choice([0.0, 3.0])
    return {
        "x": x.tolist(),
        "gamma": (torch.rand(c, generator=g) + 0.5).tolist(),
        "beta": torch.randn(c, generator=g).tolist(),
        "running_mean": torch.randn(c, generator=g).tolist(),
        "running_var": (torch.rand(c, generator=g) + 0.5).tolist(),
        "train": rng.random() < 0.5,
    }


if __name__ == "__main__":
    rng = random.Random("code-batchnorm")
    for _ in range(50):
        a = prepare(random_case(rng))
        if a["train"]:  # the batch's mean and biased (divide by N) variance, per feature
            mean, var = a["x"].mean(dim=0), a["x"].var(dim=0, unbiased=False)
        else:  # the stored running statistics
            mean, var = a["running_mean"], a["running_var"]
        by_hand = a["gamma"] * (a["x"] - mean) / torch.sqrt(var + 1e-5) + a["beta"]
        assert torch.allclose(answer(**a), by_hand, atol=1e-5, rtol=1e-5)
    print(answer())
