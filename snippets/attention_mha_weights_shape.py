"""Shapes returned by nn.MultiheadAttention(batch_first=True): output and attention weights."""

import torch
from torch import nn


def answer(
    batch=4,
    heads=8,
    tgt_len=10,
    src_len=20,
    embed=512,
    average=True,
    what="weights",
    *,
    device="cpu",
):
    torch.manual_seed(0)
    mha = nn.MultiheadAttention(embed, heads, batch_first=True, device=device)
    query = torch.randn(batch, tgt_len, embed, device=device)
    memory = torch.randn(batch, src_len, embed, device=device)  # keys and values
    with torch.no_grad():
        out, weights = mha(query, memory, memory, average_attn_weights=average)

    # The output has one vector per query, in the model dimension.
    assert out.shape == (batch, tgt_len, embed)
    # Weights: one row per query over all keys, averaged over heads unless asked not to.
    expected = (batch, tgt_len, src_len) if average else (batch, heads, tgt_len, src_len)
    assert weights.shape == expected
    assert torch.allclose(weights.sum(-1), torch.ones(expected[:-1], device=device), atol=1e-5)
    return list(out.shape if what == "output" else weights.shape)


if __name__ == "__main__":
    print("attn_output ", answer(what="output"))
    print("attn_weights", answer())
    print("per head    ", answer(average=False))
