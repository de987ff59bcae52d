"""In train mode nn.Dropout(p) zeroes units and scales the kept ones by 1/(1-p)."""

import torch
from torch import nn


def answer(p=0.5, x=1.0, *, device="cpu"):
    torch.manual_seed(0)
    drop = nn.Dropout(p=p).to(device).train()
    inputs = torch.full((10_000,), float(x), device=device)
    out = drop(inputs)
    kept = out[out != 0]
    assert 0 < kept.numel() < inputs.numel()  # some units dropped, some kept
    assert torch.allclose(kept, torch.full_like(kept, x / (1 - p)))  # all kept values equal
    return round(kept[0].item(), 6)


if __name__ == "__main__":
    for p in (0.2, 0.5, 0.8):
        print(f"p={p}: a kept unit with input 1.0 outputs {answer(p=p)}")
