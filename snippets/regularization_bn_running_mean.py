"""BatchNorm's running_mean starts at 0 and moves 10% of the way to each batch mean."""

import torch
from torch import nn


def answer(mean=4.0, steps=1, *, device="cpu"):
    torch.manual_seed(0)
    bn = nn.BatchNorm1d(1, device=device)  # momentum=0.1, running_mean starts at 0
    bn.train()
    batch = torch.tensor([[mean - 1.0], [mean + 1.0], [mean - 2.0], [mean + 2.0]], device=device)
    assert abs(batch.mean().item() - mean) < 1e-6
    for _ in range(steps):
        bn(batch)
    running = bn.running_mean.item()
    # By hand: r <- (1 - 0.1) * r + 0.1 * batch_mean, from r = 0, so r = mean * (1 - 0.9^steps).
    assert abs(running - mean * (1 - 0.9**steps)) < 1e-5
    return round(running, 6)


def mistake_swapped_momentum(mean=4.0, steps=1):
    """Gives the new batch the weight 0.9 and the running value 0.1."""
    return mean * (1 - 0.1**steps)


def mistake_batch_mean(mean=4.0, steps=1):
    """Takes the running mean to be the batch's mean at once."""
    return float(mean)


if __name__ == "__main__":
    for s in (1, 2, 3, 50):
        print(f"batch mean 4, {s} training steps: running_mean = {answer(4.0, s)}")
