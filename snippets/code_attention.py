"""Reference for code-attention: F.scaled_dot_product_attention (the ground truth), with
softmax(Q K^T / sqrt(d_k)) V checked next to it."""

import math
import random

import torch
import torch.nn.functional as F


def answer(
    q=(((1.0, 0.0),),),
    k=(((1.0, 0.0), (0.0, 1.0)),),
    v=(((1.0, 2.0), (3.0, 4.0)),),
    *,
    device="cpu",
):
    q, k, v = (torch.as_tensor(t, dtype=torch.float32, device=device) for t in (q, k, v))
    return F.scaled_dot_product_attention(q, k, v)


def prepare(case, *, device="cpu"):
    return {n: torch.tensor(case[n], dtype=torch.float32, device=device) for n in "qkv"}


def random_case(rng: random.Random):
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    b, lq, lk = rng.randint(1, 3), rng.randint(1, 5), rng.randint(2, 6)
    d, dv = rng.choice([2, 4, 8, 16]), rng.randint(1, 5)
    return {
        "q": torch.randn(b, lq, d, generator=g).tolist(),
        "k": torch.randn(b, lk, d, generator=g).tolist(),
        "v": torch.randn(b, lk, dv, generator=g).tolist(),
    }


if __name__ == "__main__":
    rng = random.Random("code-attention")
    for _ in range(50):
        a = prepare(random_case(rng))
        q, k, v = a["q"], a["k"], a["v"]
        weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
        out = answer(q, k, v)
        assert out.shape == (q.shape[0], q.shape[1], v.shape[-1])
        assert torch.allclose(out, weights @ v, atol=1e-5)
        # Each query's weights sum to 1.
        assert torch.allclose(weights.sum(-1), torch.ones(q.shape[:2]))
    print(answer())
