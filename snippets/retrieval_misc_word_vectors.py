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
    assert cos_one_hot == 0.0  # all different words are orthogonal: no notion of similarity
    assert dense.shape == (2, 512)


if __name__ == "__main__":
    demo()
