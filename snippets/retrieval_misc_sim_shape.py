"""Retrieval as one matrix product: pooled, L2-normalised features give a queries x gallery grid."""

import torch
import torch.nn.functional as F
from torch import nn


def answer(queries=8, database=1000, channels=512, *, device="cpu"):
    torch.manual_seed(0)
    maps = torch.randn(queries, channels, 7, 7, device=device)  # backbone output for the queries
    q = nn.Flatten()(nn.AdaptiveAvgPool2d(1)(maps))  # (queries, channels)
    g = torch.randn(database, channels, device=device)  # precomputed gallery vectors
    qn, gn = F.normalize(q, dim=1), F.normalize(g, dim=1)
    s = qn @ gn.T  # s[i, j] = cos(query i, gallery image j)
    assert torch.allclose(s[0, :5], F.cosine_similarity(q[:1], g[:5], dim=1), atol=1e-5)
    top5 = s.topk(5, dim=1).indices  # the 5 best matches of each query
    assert top5.shape == (queries, 5)
    return list(s.shape)


if __name__ == "__main__":
    print(answer())
