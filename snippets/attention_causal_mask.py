"""Counts the (query, key) pairs that a decoder's causal (look-ahead) mask leaves open."""

import torch
from torch import nn


def answer(seq_len=5, d_model=16, *, device="cpu"):
    torch.manual_seed(0)
    mask = nn.Transformer.generate_square_subsequent_mask(seq_len, device=device)  # 0 / -inf
    q = torch.randn(seq_len, d_model, device=device)
    k = torch.randn(seq_len, d_model, device=device)
    v = torch.randn(seq_len, d_model, device=device)

    def attend(values):
        weights = (q @ k.T / d_model**0.5 + mask).softmax(dim=-1)
        return weights, weights @ values

    weights, out = attend(v)
    allowed = int((weights > 0).sum())
    # Row i may look at keys 0..i: 1 + 2 + ... + L = L(L + 1)/2 pairs; the rest get weight 0.
    assert allowed == seq_len * (seq_len + 1) // 2
    assert torch.equal(weights > 0, torch.ones(seq_len, seq_len, device=device).tril().bool())

    # Changing the last token's value cannot change any earlier output: no peeking ahead.
    v2 = v.clone()
    v2[-1] += 100.0
    _, out2 = attend(v2)
    assert torch.allclose(out[:-1], out2[:-1]) and not torch.allclose(out[-1], out2[-1])
    return allowed


def mistake_no_diagonal(seq_len=5, d_model=16):
    """Masks the diagonal too, as if a position could not attend to itself."""
    return seq_len * (seq_len - 1) // 2


def mistake_all_pairs(seq_len=5, d_model=16):
    """Counts every pair, as if nothing were masked."""
    return seq_len * seq_len


if __name__ == "__main__":
    print(nn.Transformer.generate_square_subsequent_mask(5))
    print(answer())
