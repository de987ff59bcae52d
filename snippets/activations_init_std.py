"""Std of nn.init.xavier_normal_ / kaiming_normal_ on a Linear weight, measured on real draws."""

import math

import torch
from torch import nn


def answer(init="kaiming_normal_", fan_in=512, fan_out=64, *, device="cpu"):
    torch.manual_seed(0)
    layer = nn.Linear(fan_in, fan_out, device=device)
    assert layer.weight.shape == (fan_out, fan_in)  # Linear stores (out, in): fan_in is dim 1
    fill = getattr(nn.init, init)
    draws = []
    while sum(d.numel() for d in draws) < 200_000:  # redraw until the estimate is tight
        fill(layer.weight)
        draws.append(layer.weight.detach().flatten().clone())
    measured = torch.cat(draws).std().item()

    if init == "xavier_normal_":  # Glorot: Var(w) = 2 / (fan_in + fan_out)
        std = math.sqrt(2.0 / (fan_in + fan_out))
    else:  # He, defaults a=0, mode='fan_in': gain √2, Var(w) = 2 / fan_in
        std = nn.init.calculate_gain("relu") / math.sqrt(fan_in)
    assert abs(measured - std) < 0.01 * std, (measured, std)
    return std


def _std(init, fan_in, fan_out):
    if init.startswith("xavier"):
        return math.sqrt(2 / (fan_in + fan_out))
    return math.sqrt(2 / fan_in)


def mistake_variance(init="kaiming_normal_", fan_in=512, fan_out=64):
    """Gives the variance, not its square root."""
    return _std(init, fan_in, fan_out) ** 2


def mistake_no_gain(init="kaiming_normal_", fan_in=512, fan_out=64):
    """Kaiming without its sqrt(2) gain for ReLU."""
    return 1 / math.sqrt(fan_in) if init.startswith("kaiming") else None


def mistake_fan_in_only(init="kaiming_normal_", fan_in=512, fan_out=64):
    """Xavier with fan_in alone: sqrt(1 / fan_in)."""
    if not init.startswith("xavier") or fan_in == fan_out:
        return None
    return math.sqrt(1 / fan_in)


if __name__ == "__main__":
    for init in ("xavier_normal_", "kaiming_normal_"):
        print(init, f"Linear(512, 64): std = {answer(init, 512, 64):.4f}")
