"""nn.CrossEntropyLoss on one sample with logits (z0, 1, 0): −log softmax(z)[target]."""

import math

import torch
from torch import nn


def answer(z0=2.0, target=0, *, device="cpu"):
    torch.manual_seed(0)
    logits = torch.tensor([[float(z0), 1.0, 0.0]], dtype=torch.float64, device=device)
    y = torch.tensor([int(target)], device=device)
    loss = nn.CrossEntropyLoss()(logits, y)
    # CE = −log p_target = logsumexp(z) − z_target, computed from the raw logits.
    by_hand = torch.logsumexp(logits[0], dim=0) - logits[0, target]
    assert abs(loss.item() - by_hand.item()) < 1e-12
    assert abs(loss.item() + torch.log_softmax(logits, dim=1)[0, target].item()) < 1e-12
    return loss.item()


def _loss(z0, target, log=math.log):
    logits = [z0, 1.0, 0.0]
    total = sum(math.exp(z) for z in logits)
    return -log(math.exp(logits[target]) / total)


def mistake_log10(z0=2.0, target=0):
    """A base-10 logarithm instead of the natural one."""
    value = _loss(z0, target, math.log10)
    return None if abs(value - _loss(z0, target)) < 0.004 else value


def mistake_sign(z0=2.0, target=0):
    """ln p_y without its minus sign."""
    value = -_loss(z0, target)
    return None if abs(value - _loss(z0, target)) < 0.004 else value


if __name__ == "__main__":
    for t in range(3):
        print(f"logits (2, 1, 0), target {t}: {answer(2.0, t):.4f}")
