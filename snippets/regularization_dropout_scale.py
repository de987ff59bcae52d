"""In train mode nn.Dropout(p) zeroes units and scales the kept ones by 1/(1-p)."""

import torch
from torch import nn


def answer(p=0.5, x=1.0, *, device="cpu"):
    torch.manual_seed(0)
    drop = nn.Dropout(p=p).to(device).train()
    inputs = torch.full((100_000,), float(x), device=device)
    out = drop(inputs)
    kept = out[out != 0]
    assert abs((out == 0).float().mean().item() - p) < 0.01  # about a fraction p dropped
    assert torch.allclose(kept, torch.full_like(kept, x / (1 - p)))  # all kept values equal
    assert abs(out.mean().item() - x) < 0.03 * x  # so the expected output is still x
    assert torch.equal(drop.eval()(inputs), inputs)  # and eval mode changes nothing
    return round(kept[0].item(), 6)


def mistake_unscaled(p=0.5, x=1.0):
    """Passes a kept unit through unchanged, as non-inverted dropout does in training."""
    return x


def mistake_times_keep(p=0.5, x=1.0):
    """Multiplies by the keep probability 1 - p, the old test-time scaling."""
    return x * (1 - p)


def mistake_divide_by_p(p=0.5, x=1.0):
    """Divides by the drop probability p instead of the keep probability."""
    return None if p == 0.5 else x / p


if __name__ == "__main__":
    for p in (0.2, 0.5, 0.8):
        print(f"p={p}: a kept unit with input 1.0 outputs {answer(p=p)}")
