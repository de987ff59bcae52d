"""nn.CrossEntropyLoss() averages the per-sample losses by default (reduction='mean')."""

import torch
from torch import nn


def answer(*, device="cpu"):
    torch.manual_seed(0)
    n, classes = 16, 5  # N ≠ C, so dividing by the batch and by the classes differ
    logits = torch.randn(n, classes, device=device)
    y = torch.randint(0, classes, (n,), device=device)
    default = nn.CrossEntropyLoss()(logits, y)
    per_sample = nn.CrossEntropyLoss(reduction="none")(logits, y)
    assert per_sample.shape == (n,)
    # The question's choices, in YAML order, as what each would return here.
    choices = {
        "A": per_sample.sum(),  # 'sum'
        "B": per_sample.mean(),  # 'mean'
        "C": per_sample,  # 'none': all N of them
        "D": per_sample.sum() / classes,  # the sum divided by the number of classes
    }
    print(f"default {default.item():.4f}, shape {tuple(default.shape)}")
    print(
        f"sum {choices['A'].item():.4f}  mean {choices['B'].item():.4f}  "
        f"sum / C {choices['D'].item():.4f}  none: shape {tuple(per_sample.shape)}"
    )
    matching = [
        letter
        for letter, value in choices.items()
        if value.shape == default.shape and torch.allclose(value, default)
    ]
    assert len(matching) == 1, matching  # exactly one choice describes the default
    assert nn.CrossEntropyLoss().reduction == "mean"
    return matching[0]


if __name__ == "__main__":
    print(answer())
