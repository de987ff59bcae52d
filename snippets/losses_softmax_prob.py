"""Probability of class 0 from nn.Softmax on logits (a, b, 0), checked against e^a / Σ e^z."""

import math

import torch
from torch import nn


def answer(a=2.0, b=1.0, *, device="cpu"):
    torch.manual_seed(0)
    logits = torch.tensor([[float(a), float(b), 0.0]], dtype=torch.float64, device=device)
    p = nn.Softmax(dim=1)(logits)
    assert abs(p.sum().item() - 1.0) < 1e-12  # a probability distribution over the 3 classes
    # Shifting every logit by the same constant changes nothing.
    assert torch.allclose(nn.Softmax(dim=1)(logits + 5.0), p)
    expected = math.exp(a) / (math.exp(a) + math.exp(b) + 1.0)
    assert abs(p[0, 0].item() - expected) < 1e-12
    return p[0, 0].item()


def _p0(a, b):
    return math.exp(a) / (math.exp(a) + math.exp(b) + 1)


def mistake_zero_logit(a=2.0, b=1.0):
    """Leaves the logit 0 out of the sum, as if e^0 were 0."""
    value = math.exp(a) / (math.exp(a) + math.exp(b))
    return None if abs(value - _p0(a, b)) < 0.002 else value


def mistake_sigmoid(a=2.0, b=1.0):
    """A sigmoid of the first logit alone."""
    value = 1 / (1 + math.exp(-a))
    return None if abs(value - _p0(a, b)) < 0.002 else value


if __name__ == "__main__":
    print(answer())
