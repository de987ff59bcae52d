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


if __name__ == "__main__":
    for p in (0.2, 0.5, 0.8):
        print(f"p={p}: a kept unit with input 1.0 outputs {answer(p=p)}")
