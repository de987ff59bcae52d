"""Cosine similarity of two vectors by F.cosine_similarity, checked against a.b / (|a| |b|)."""

import math

import torch
import torch.nn.functional as F


def answer(a1=1.0, a2=2.0, a3=2.0, b1=2.0, b2=1.0, b3=2.0, *, device="cpu"):
    torch.manual_seed(0)
    a = torch.tensor([a1, a2, a3], dtype=torch.float32, device=device)
    b = torch.tensor([b1, b2, b3], dtype=torch.float32, device=device)
    cos = F.cosine_similarity(a, b, dim=0).item()
    dot = a1 * b1 + a2 * b2 + a3 * b3
    by_hand = dot / (math.sqrt(a1**2 + a2**2 + a3**2) * math.sqrt(b1**2 + b2**2 + b3**2))
    assert abs(cos - by_hand) < 1e-6
    # It only sees directions: scaling either vector changes nothing.
    assert abs(F.cosine_similarity(3 * a, 0.5 * b, dim=0).item() - cos) < 1e-6
    return cos


if __name__ == "__main__":
    print(answer())
