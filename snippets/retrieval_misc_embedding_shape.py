"""Word vectors: nn.Embedding maps token ids (batch, seq_len) to vectors (batch, seq_len, dim)."""

import torch
from torch import nn


def answer(batch=32, seq_len=20, dim=512, vocab=10000, *, device="cpu"):
    torch.manual_seed(0)
    emb = nn.Embedding(vocab, dim, device=device)  # one learnable dim-sized row per word
    ids = torch.randint(0, vocab, (batch, seq_len), device=device)
    out = emb(ids)
    assert torch.equal(out[0, 0], emb.weight[ids[0, 0]])  # it is a table lookup
    assert sum(p.numel() for p in emb.parameters()) == vocab * dim
    return list(out.shape)


if __name__ == "__main__":
    print(answer())
