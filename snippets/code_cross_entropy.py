"""Reference for code-cross-entropy: F.cross_entropy (the ground truth) on logits and class
indices, with the textbook formula checked next to it."""

import random

import torch
import torch.nn.functional as F


def answer(logits=((2.0, 1.0, 0.1),), target=(0,), *, device="cpu"):
    logits = torch.as_tensor(logits, dtype=torch.float32, device=device)
    target = torch.as_tensor(target, dtype=torch.long, device=device)
    return F.cross_entropy(logits, target)  # mean over the batch by default


def prepare(case, *, device="cpu"):
    return {
        "logits": torch.tensor(case["logits"], dtype=torch.float32, device=device),
        "target": torch.tensor(case["target"], dtype=torch.long, device=device),
    }


def random_case(rng: random.Random):
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    n, c = rng.randint(1, 6), rng.randint(2, 6)
    scale = rng.choice([1.0, 3.0, 10.0, 200.0])  # 200 overflows a naive exp in float32
    logits = torch.randn(n, c, generator=g) * scale
    target = torch.randint(0, c, (n,), generator=g)
    return {"logits": logits.tolist(), "target": target.tolist()}


if __name__ == "__main__":
    rng = random.Random("code-cross-entropy")
    for _ in range(50):
        args = prepare(random_case(rng))
        z, y = args["logits"].double(), args["target"]
        # loss_i = -log softmax(z_i)[y_i] = logsumexp(z_i) - z_i[y_i], then the mean.
        by_hand = (torch.logsumexp(z, dim=1) - z[torch.arange(len(y)), y]).mean()
        assert torch.allclose(answer(**args).double(), by_hand, atol=1e-4, rtol=1e-5)
    print(answer())  # -log(e^2 / (e^2 + e^1 + e^0.1)) ≈ 0.417
