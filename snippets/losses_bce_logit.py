"""BCEWithLogitsLoss(z) = BCELoss(sigmoid(z)) = 2-class cross-entropy on logits (0, z)."""

import math

import torch
from torch import nn


def answer(z=2.0, y=1.0, *, device="cpu"):
    torch.manual_seed(0)
    logit = torch.tensor([float(z)], dtype=torch.float64, device=device)
    label = torch.tensor([float(y)], dtype=torch.float64, device=device)
    loss = nn.BCEWithLogitsLoss()(logit, label)
    # The same value three more ways.
    bce = nn.BCELoss()(torch.sigmoid(logit), label)
    two_class = nn.CrossEntropyLoss()(
        torch.tensor([[0.0, float(z)]], dtype=torch.float64, device=device),
        torch.tensor([int(y)], device=device),
    )
    p = 1 / (1 + math.exp(-z))
    by_hand = -(y * math.log(p) + (1 - y) * math.log(1 - p))
    for v in (bce.item(), two_class.item(), by_hand):
        assert abs(loss.item() - v) < 1e-12
    return loss.item()


if __name__ == "__main__":
    print(answer())
