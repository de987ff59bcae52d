"""Normalize(mean=0.5, std=0.5) after ToTensor maps pixels to [-1, 1]; skipping ÷255 does not.

torchvision is not installed here: ToTensor (÷255, HWC -> CHW) and Normalize ((x − m) / s)
are written with plain torch ops.
"""

import torch

CANDIDATES = {
    "A": (-1.0, 1.0),
    "B": (0.0, 1.0),
    "C": (-0.5, 0.5),
    "D": (-1.0, 509.0),  # (255 − 0.5) / 0.5: Normalize applied to raw 0–255 values
}


def answer(*, device="cpu"):
    pic = torch.arange(256, device=device).to(torch.uint8).view(16, 16, 1).expand(16, 16, 3)
    x = pic.permute(2, 0, 1).float() / 255  # ToTensor
    y = (x - 0.5) / 0.5  # Normalize(mean=(0.5,)*3, std=(0.5,)*3)
    got = (round(y.min().item(), 4), round(y.max().item(), 4))
    raw = (pic.permute(2, 0, 1).float() - 0.5) / 0.5  # the ÷255 forgotten
    print("ToTensor then Normalize:", got, "  without ÷255:", (raw.min().item(), raw.max().item()))
    assert (raw.min().item(), raw.max().item()) == CANDIDATES["D"]
    matches = [k for k, v in CANDIDATES.items() if v == got]
    assert len(matches) == 1
    return matches[0]


if __name__ == "__main__":
    print(answer())
