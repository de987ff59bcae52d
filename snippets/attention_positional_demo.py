"""Without positional encoding self-attention ignores token order; sinusoidal PE fixes that."""

import math

import torch
from torch import nn


def sinusoidal_pe(length, d_model, device="cpu"):
    """PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d))."""
    pos = torch.arange(length, device=device).unsqueeze(1)
    freq = torch.exp(torch.arange(0, d_model, 2, device=device) * (-math.log(10000.0) / d_model))
    pe = torch.zeros(length, d_model, device=device)
    pe[:, 0::2] = torch.sin(pos * freq)
    pe[:, 1::2] = torch.cos(pos * freq)
    return pe


def demo(*, device="cpu"):
    torch.manual_seed(0)
    length, d_model = 6, 32
    attn = nn.MultiheadAttention(d_model, 4, batch_first=True, device=device).eval()

    def self_attention(x):
        with torch.no_grad():
            return attn(x, x, x)[0]

    x = torch.randn(1, length, d_model, device=device)  # token embeddings
    perm = torch.tensor([3, 0, 5, 1, 4, 2], device=device)  # shuffle the tokens

    # No positional information: shuffling the inputs only shuffles the outputs in the same way,
    # so the layer cannot tell "dog bites man" from "man bites dog".
    same = torch.allclose(self_attention(x)[:, perm], self_attention(x[:, perm]), atol=1e-5)
    print("without PE, shuffled input gives shuffled output:", same)
    assert same

    # Add the sinusoidal encoding of each slot: now the token at slot 0 is not the same input
    # as that token at slot 3, and the output of each token changes.
    pe = sinusoidal_pe(length, d_model, device)
    with_pe = self_attention(x + pe)[:, perm]
    shuffled_with_pe = self_attention(x[:, perm] + pe)
    differs = not torch.allclose(with_pe, shuffled_with_pe, atol=1e-3)
    print("with PE, the output depends on the order:         ", differs)
    assert differs

    # The encoding is a fixed function: same width as the embedding, values in [-1, 1], and
    # no learnable parameters (ViT instead learns its position embeddings as a parameter).
    assert pe.shape == (length, d_model)
    assert pe.abs().max() <= 1
    assert torch.equal(pe[0, 0::2], torch.zeros(d_model // 2, device=device))  # sin(0) = 0
    assert torch.equal(pe[0, 1::2], torch.ones(d_model // 2, device=device))  # cos(0) = 1
    print("PE at position 0:", pe[0, :6].tolist(), "...")


if __name__ == "__main__":
    demo()
