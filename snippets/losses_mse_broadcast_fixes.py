"""Which rewrites make MSELoss compare each (N, 1) prediction with its own (N,) target."""

import warnings

import torch
from torch import nn

FIXES = {
    "A": lambda out, t: (out.squeeze(1), t),
    "B": lambda out, t: (out, t.unsqueeze(1)),
    "C": lambda out, t: (out, t.unsqueeze(0)),
    "D": lambda out, t: (out, t.t()),
    "E": lambda out, t: (out.view(-1), t),
    "F": lambda out, t: (out.sum(dim=1, keepdim=True), t),
}


def answer(*, device="cpu"):
    torch.manual_seed(0)
    outputs = torch.randn(5, 1, device=device)
    targets = torch.randn(5, device=device)
    per_sample = ((outputs[:, 0] - targets) ** 2).mean()  # the loss that was meant
    right = []
    for letter, fix in FIXES.items():
        a, b = fix(outputs, targets)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loss = nn.MSELoss()(a, b)
        ok = bool(torch.allclose(loss, per_sample))
        print(
            f"{letter}: input {tuple(a.shape)}, target {tuple(b.shape)} -> "
            f"{'per-sample' if ok else 'still broadcast'}"
        )
        if ok:
            right.append(letter)
    return right


if __name__ == "__main__":
    print(answer())
