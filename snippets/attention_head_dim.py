"""Multi-head attention splits d_model into h heads of d_model/h features each."""

import torch
from torch import nn


def answer(d_model=512, heads=8, *, device="cpu"):
    torch.manual_seed(0)
    mha = nn.MultiheadAttention(d_model, heads, batch_first=True, device=device)
    x = torch.randn(2, 5, d_model, device=device)

    # Project to Q with the layer's own weights, then split the features into heads.
    w_q = mha.in_proj_weight[:d_model]  # the first third of the packed Q/K/V projection
    q = x @ w_q.T + mha.in_proj_bias[:d_model]
    per_head = q.view(2, 5, heads, -1).transpose(1, 2)  # (batch, heads, seq, d_head)

    d_head = per_head.shape[-1]
    assert d_head == mha.head_dim == d_model // heads
    # The projections stay d_model × d_model whatever h is: heads only split the features.
    assert mha.in_proj_weight.shape == (3 * d_model, d_model)
    assert mha.out_proj.weight.shape == (d_model, d_model)
    return int(d_head)


def mistake_full_width(d_model=512, heads=8):
    """Gives every head the full d_model features."""
    return d_model


if __name__ == "__main__":
    print(answer())
