"""Number of elements of torch.arange(start, end, step), counted on a real tensor."""

import math

import torch


def answer(start=1, end=5, step=1, *, device="cpu"):
    v = torch.arange(start, end, step, device=device)
    assert v.numel() == math.ceil((end - start) / step)
    assert int(v[-1]) < end  # the end point itself is never included
    return int(v.numel())


def mistake_end_included(start=1, end=5, step=1):
    """Counts end itself, as if arange included it."""
    return None if (end - start) % step else (end - start) // step + 1


def mistake_floor(start=1, end=5, step=1):
    """Rounds down, leaving out the value in the last, partial step."""
    return None if (end - start) % step == 0 else (end - start) // step


if __name__ == "__main__":
    print(answer())
