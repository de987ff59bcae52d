"""Tests six claims about cosine similarity on random vectors; returns the true ones' letters."""

import torch
import torch.nn.functional as F


def answer(*, device="cpu"):
    torch.manual_seed(0)
    a = torch.randn(1000, 16, device=device)
    b = torch.randn(1000, 16, device=device)
    cos = F.cosine_similarity(a, b, dim=1)
    claims = {
        # A: always within [-1, 1]
        "A": bool(((cos >= -1 - 1e-6) & (cos <= 1 + 1e-6)).all()),
        # B: scaling a vector by a positive number changes nothing
        "B": torch.allclose(F.cosine_similarity(2.5 * a, b, dim=1), cos, atol=1e-5),
        # C: equals the dot product of the L2-normalised vectors
        "C": torch.allclose((F.normalize(a, dim=1) * F.normalize(b, dim=1)).sum(1), cos, atol=1e-5),
        # D: 0 means identical (it is 1 for identical vectors, 0 for orthogonal ones)
        "D": abs(F.cosine_similarity(a[:1], a[:1]).item()) < 1e-6,
        # E: adding the same constant to every component changes nothing
        "E": torch.allclose(F.cosine_similarity(a + 3.0, b, dim=1), cos, atol=1e-3),
        # F: 1 - cos is the Euclidean distance
        "F": torch.allclose(1 - cos, (a - b).norm(dim=1), atol=1e-3),
    }
    # What is true instead of F: for unit vectors |a_hat - b_hat|^2 = 2 - 2 cos.
    na, nb = F.normalize(a, dim=1), F.normalize(b, dim=1)
    assert torch.allclose((na - nb).norm(dim=1) ** 2, 2 - 2 * cos, atol=1e-4)
    names = {
        "A": "value within [-1, 1]",
        "B": "unchanged by scaling a vector by 2.5",
        "C": "equals the dot product of the normalised vectors",
        "D": "cos(a, a) is 0",
        "E": "unchanged by adding 3 to every component",
        "F": "1 - cos equals the Euclidean distance",
    }
    for letter, holds in claims.items():
        print(f"{names[letter]:50s} {'holds' if holds else 'fails'}")
    return [letter for letter, holds in claims.items() if holds]


if __name__ == "__main__":
    print(answer())
