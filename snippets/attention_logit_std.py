"""Measures the spread of raw attention scores q·k: their standard deviation grows like √d_k."""

import math

import torch


def answer(d_k=64, samples=8192, *, device="cpu"):
    # Drawn on the CPU from a seeded generator, so every device sees the very same numbers.
    gen = torch.Generator().manual_seed(0)
    q = torch.randn(samples, d_k, generator=gen).to(device)  # entries: mean 0, variance 1
    k = torch.randn(samples, d_k, generator=gen).to(device)
    scores = (q * k).sum(dim=-1)  # one raw score q·k per (q, k) pair
    measured = scores.std().item()
    # Var(q·k) = Σ Var(q_i k_i) = d_k · 1 · 1, so std = √d_k; scaling by 1/√d_k gives std 1.
    assert abs(measured / math.sqrt(d_k) - 1) < 0.03, measured
    assert abs((scores / math.sqrt(d_k)).std().item() - 1) < 0.03
    if math.isqrt(d_k) ** 2 == d_k:
        assert round(measured) == math.isqrt(d_k)
    return round(measured)


if __name__ == "__main__":
    for d in (16, 64, 256, 1024):
        print(f"d_k = {d:4d}: std of q·k ≈ {answer(d)}")
