"""DataLoader(shuffle=True) draws a new sample order every epoch; shuffle=False never does."""

import torch
from torch.utils.data import DataLoader, TensorDataset


def epoch_orders(shuffle, epochs=3, device="cpu"):
    data = TensorDataset(torch.arange(12, device=device))
    loader = DataLoader(
        data, batch_size=4, shuffle=shuffle, generator=torch.Generator().manual_seed(0)
    )
    return [[b[0].tolist() for b in loader] for _ in range(epochs)]


def answer(*, device="cpu"):
    torch.manual_seed(0)
    fixed = epoch_orders(False, device=device)
    mixed = epoch_orders(True, device=device)
    for name, orders in (("shuffle=False", fixed), ("shuffle=True", mixed)):
        print(name)
        for e, batches in enumerate(orders):
            print(f"  epoch {e}: {batches}")
    assert fixed[0] == fixed[1] == fixed[2] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    assert mixed[0] != mixed[1] and mixed[1] != mixed[2]  # new batches every epoch
    for batches in mixed:  # still one full pass: every sample exactly once per epoch
        assert sorted(i for b in batches for i in b) == list(range(12))
    return "shuffle=True"


if __name__ == "__main__":
    print(answer())
