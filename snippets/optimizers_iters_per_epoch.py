"""Iterations (batches) per epoch = ceil(N / batch_size), counted on a real DataLoader."""

import math

import torch
from torch.utils.data import DataLoader, TensorDataset


def answer(n=1000, batch=64, *, device="cpu"):
    torch.manual_seed(0)
    dataset = TensorDataset(torch.zeros(n, 1, device=device))
    loader = DataLoader(dataset, batch_size=batch)  # drop_last=False by default
    # Walk the index batches the loader would fetch (cheap: no data is copied).
    sizes = [len(idx) for idx in loader.batch_sampler]
    assert len(sizes) == len(loader)
    assert sum(sizes) == n  # every sample is seen exactly once per epoch
    assert all(s == batch for s in sizes[:-1]) and 0 < sizes[-1] <= batch
    assert len(loader) == math.ceil(n / batch)  # the textbook formula agrees
    return len(loader)


def mistake_floor(n=1000, batch=64):
    """Rounds down, dropping the last, smaller batch (drop_last=True)."""
    return None if n % batch == 0 else n // batch


if __name__ == "__main__":
    for n, b in [(1000, 100), (1000, 64), (60000, 128)]:
        print(f"N={n}, batch={b}: {answer(n, b)} iterations per epoch")
