"""nn.CrossEntropyLoss() averages the per-sample losses by default (reduction='mean')."""

import torch
from torch import nn

CHOICES = ["sum", "mean", "none", "batchmean"]  # the question's choices, in YAML order


def answer(*, device="cpu"):
    torch.manual_seed(0)
    logits = torch.randn(16, 5, device=device)
    y = torch.randint(0, 5, (16,), device=device)
    default = nn.CrossEntropyLoss()(logits, y)
    per_sample = nn.CrossEntropyLoss(reduction="none")(logits, y)
    print(
        f"default {default.item():.4f}  mean {per_sample.mean().item():.4f}  "
        f"sum {per_sample.sum().item():.4f}  shape {tuple(default.shape)}"
    )
    assert default.shape == ()  # a single number, so not 'none'
    assert torch.allclose(default, per_sample.mean())
    assert not torch.allclose(default, per_sample.sum())
    try:  # 'batchmean' belongs to nn.KLDivLoss; CrossEntropyLoss rejects it when called
        nn.CrossEntropyLoss(reduction="batchmean")(logits, y)
        raise AssertionError("batchmean was accepted")
    except ValueError:
        pass
    assert nn.CrossEntropyLoss().reduction == "mean"
    return "ABCD"[CHOICES.index(nn.CrossEntropyLoss().reduction)]


if __name__ == "__main__":
    print(answer())
