"""torch.arange stops before `end`; torch.linspace includes both end points."""

import torch

CHOICES = {"A": (8, 10.0), "B": (10, 10.0), "C": (8, 8.0), "D": (10, 8.0)}


def answer(*, device="cpu"):
    a = torch.arange(0, 10, 2, device=device)
    b = torch.linspace(0, 10, 5, device=device)
    print("arange  ", a.tolist())
    print("linspace", b.tolist())
    assert a.tolist() == [0, 2, 4, 6, 8]  # [start, end): 10 is excluded
    assert b.tolist() == [0.0, 2.5, 5.0, 7.5, 10.0]  # 5 points, both ends included
    last = (int(a[-1]), float(b[-1]))
    return next(k for k, v in CHOICES.items() if v == last)


if __name__ == "__main__":
    print(answer())
