"""One-hot vs dense word vectors: one-hot is vocab-sized and makes all word pairs orthogonal."""

import torch
import torch.nn.functional as F
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    vocab, dim = 10000, 512
    emb = nn.Embedding(vocab, dim).to(device)
    ids = torch.tensor([12, 345], device=device)  # two different words
    one_hot = F.one_hot(ids, vocab).float()  # (2, 10000): as long as the vocabulary
    dense = emb(ids)  # (2, 512): the usual word-vector size
    # An embedding lookup is exactly one-hot @ weight matrix, without the 10000-wide product.
    assert torch.allclose(one_hot @ emb.weight, dense)
    cos_one_hot = F.cosine_similarity(one_hot[0], one_hot[1], dim=0).item()
    print(f"one-hot vectors: length {one_hot.shape[1]}, cos(word 12, word 345) = {cos_one_hot}")
    print(f"dense vectors  : length {dense.shape[1]}, cos can be anything in [-1, 1] once trained")
    assert cos_one_hot == 0.0  # different words are orthogonal: no notion of similarity
    assert dense.shape == (2, 512)

    # Not just these two: every pair of different words is equally far apart, cos 0 and
    # distance √2, so "cat" is as unlike "dog" as it is unlike "carburettor".
    words = F.one_hot(torch.tensor([3, 12, 345, 4096, 9999], device=device), vocab).float()
    cos = F.cosine_similarity(words[:, None], words[None, :], dim=-1)
    dist = torch.cdist(words, words)
    off = ~torch.eye(5, dtype=torch.bool, device=device)
    assert torch.all(cos[off] == 0)
    assert torch.allclose(dist[off], torch.full_like(dist[off], 2**0.5))
    print("5 one-hot words: every pairwise cos is 0, every distance √2")


if __name__ == "__main__":
    demo()
