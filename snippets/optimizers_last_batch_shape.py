"""With drop_last=False the last batch holds the leftover N mod batch samples."""

import torch
from torch.utils.data import DataLoader, TensorDataset


def answer(n=1000, batch=64, channels=3, size=32, *, device="cpu"):
    torch.manual_seed(0)
    images = torch.zeros(n, channels, size, size, device=device)
    labels = torch.zeros(n, dtype=torch.long, device=device)
    loader = DataLoader(TensorDataset(images, labels), batch_size=batch)
    shapes = [tuple(x.shape) for x, _ in loader]
    print(f"{len(shapes)} batches: first {shapes[0]}, last {shapes[-1]}")
    leftover = n % batch or batch
    assert shapes[-1] == (leftover, channels, size, size)
    return list(shapes[-1])


if __name__ == "__main__":
    print(answer())
