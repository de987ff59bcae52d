"""In a decoder's cross-attention, Q comes from the decoder and K, V from the encoder output."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    d_model, heads, src_len, tgt_len = 32, 4, 12, 7
    encoder = nn.TransformerEncoderLayer(d_model, heads, batch_first=True, device=device).eval()
    decoder = nn.TransformerDecoderLayer(d_model, heads, batch_first=True, device=device).eval()

    src = torch.randn(2, src_len, d_model, device=device)  # e.g. the source sentence
    tgt = torch.randn(2, tgt_len, d_model, device=device)  # what the decoder has produced so far
    causal = nn.Transformer.generate_square_subsequent_mask(tgt_len, device=device)

    with torch.no_grad():
        memory = encoder(src)  # the encoder keeps the sequence length
        out = decoder(tgt, memory, tgt_mask=causal)
        # The cross-attention block on its own: query = decoder states, key = value = memory.
        _, cross_w = decoder.multihead_attn(tgt, memory, memory)
        other = decoder(tgt, encoder(torch.randn_like(src)), tgt_mask=causal)

    print("memory        ", tuple(memory.shape))
    print("decoder output", tuple(out.shape), "<- one vector per target position")
    print("cross weights ", tuple(cross_w.shape), "<- each target position over every source one")

    assert memory.shape == (2, src_len, d_model)
    assert out.shape == (2, tgt_len, d_model)  # length follows the queries (the decoder side)
    assert cross_w.shape == (2, tgt_len, src_len)  # rows: decoder queries; columns: encoder keys
    assert torch.allclose(cross_w.sum(-1), torch.ones(2, tgt_len, device=device), atol=1e-5)
    assert not torch.allclose(out, other)  # a different source sentence changes K and V


if __name__ == "__main__":
    demo()
