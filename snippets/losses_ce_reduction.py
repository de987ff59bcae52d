"""CrossEntropyLoss with all-zero logits: ln C per sample, averaged (mean) or added up (sum)."""

import math

import torch
from torch import nn


def answer(batch=8, classes=10, reduction="mean", *, device="cpu"):
    torch.manual_seed(0)
    logits = torch.zeros(batch, classes, dtype=torch.float64, device=device)  # uniform guess
    y = torch.randint(0, classes, (batch,), device=device)  # any targets: every class has 1/C
    loss = nn.CrossEntropyLoss(reduction=reduction)(logits, y)
    per_sample = nn.CrossEntropyLoss(reduction="none")(logits, y)
    assert per_sample.shape == (batch,)
    assert torch.allclose(per_sample, torch.full_like(per_sample, math.log(classes)))
    expected = per_sample.mean() if reduction == "mean" else per_sample.sum()
    assert abs(loss.item() - expected.item()) < 1e-9
    return loss.item()


def _reduced(batch, classes, reduction, log=math.log):
    return log(classes) if reduction == "mean" else batch * log(classes)


def mistake_swapped(batch=8, classes=10, reduction="mean"):
    """The other reduction: the sum for 'mean', the mean for 'sum'."""
    return _reduced(batch, classes, "sum" if reduction == "mean" else "mean")


def mistake_log10(batch=8, classes=10, reduction="mean"):
    """log10 C instead of ln C."""
    return _reduced(batch, classes, reduction, math.log10)


if __name__ == "__main__":
    print(answer(8, 10, "mean"), answer(8, 10, "sum"))
