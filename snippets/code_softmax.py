"""Reference for code-softmax: softmax over the last dimension (torch's own, the ground truth),
with the identities a hand-written version must meet."""

import random

import torch


def answer(x=((1.0, 2.0, 3.0),), *, device="cpu"):
    x = torch.as_tensor(x, dtype=torch.float32, device=device)
    return torch.softmax(x, dim=-1)


def prepare(case, *, device="cpu"):
    return {"x": torch.tensor(case["x"], dtype=torch.float32, device=device)}


def random_case(rng: random.Random):
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    rows, cols = rng.randint(1, 4), rng.randint(2, 6)
    scale = rng.choice([1.0, 10.0, 100.0, 1000.0])  # 100 and up overflow a naive exp in float32
    shift = rng.choice([0.0, 0.0, 500.0, -500.0])
    x = torch.randn(rows, cols, generator=g) * scale + shift
    return {"x": x.tolist()}


if __name__ == "__main__":
    rng = random.Random("code-softmax")
    for _ in range(50):
        x = prepare(random_case(rng))["x"]
        p = answer(x)
        assert torch.isfinite(p).all() and (p >= 0).all()
        assert torch.allclose(p.sum(dim=-1), torch.ones(x.shape[0]))
        # softmax(x) = softmax(x - c) for any constant c per row: the stable form.
        shifted = torch.exp(x - x.max(dim=-1, keepdim=True).values)
        assert torch.allclose(p, shifted / shifted.sum(dim=-1, keepdim=True))
    big = torch.tensor([[1000.0, 1001.0, 1002.0]])
    assert torch.isnan(torch.exp(big) / torch.exp(big).sum()).all()  # the naive form: inf / inf
    print(answer(big))
