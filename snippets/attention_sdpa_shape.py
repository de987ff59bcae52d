"""Shape of softmax(QKᵀ/√d_k)·V: one row per query, the feature size of V."""

import math

import torch
import torch.nn.functional as F


def answer(batch=2, q_len=10, kv_len=20, d_k=64, d_v=32, *, device="cpu"):
    torch.manual_seed(0)
    q = torch.randn(batch, q_len, d_k, device=device)
    k = torch.randn(batch, kv_len, d_k, device=device)
    v = torch.randn(batch, kv_len, d_v, device=device)

    scores = q @ k.transpose(-2, -1) / math.sqrt(d_k)  # (batch, q_len, kv_len)
    weights = scores.softmax(dim=-1)  # each query's weights over the keys sum to 1
    out = weights @ v  # (batch, q_len, d_v)

    assert scores.shape == (batch, q_len, kv_len)
    assert torch.allclose(weights.sum(-1), torch.ones(batch, q_len, device=device))
    # PyTorch's fused kernel computes the same formula.
    assert torch.allclose(out, F.scaled_dot_product_attention(q, k, v), atol=1e-5)
    return list(out.shape)


if __name__ == "__main__":
    print(answer())
