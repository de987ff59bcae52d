"""Gap between neighbours of torch.linspace(start, end, steps): (end - start) / (steps - 1)."""

import torch


def answer(start=3, end=8, steps=20, *, device="cpu"):
    v = torch.linspace(start, end, steps, device=device)
    assert v.numel() == steps
    assert abs(float(v[0]) - start) < 1e-5 and abs(float(v[-1]) - end) < 1e-5  # both ends
    gaps = v[1:] - v[:-1]
    assert torch.allclose(gaps, gaps[0].expand_as(gaps), atol=1e-5)
    gap = (end - start) / (steps - 1)
    assert abs(float(gaps[0]) - gap) < 1e-5
    return round(float(gaps.mean()), 6)


def mistake_steps_not_gaps(start=3, end=8, steps=20):
    """Divides by the number of points instead of the number of gaps."""
    return (end - start) / steps


if __name__ == "__main__":
    print(answer())
