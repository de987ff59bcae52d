"""Width of an anchor with area scale² and aspect ratio h/w = ratio: w = scale/√ratio."""

import math

import torch


def answer(scale=128, ratio=2.0, *, device="cpu"):
    s = torch.tensor(float(scale), dtype=torch.float32, device=device)
    r = torch.tensor(float(ratio), dtype=torch.float32, device=device)
    # The usual anchor generator: h = s·√r, w = s/√r, centred on the origin.
    h, w = s * r.sqrt(), s / r.sqrt()
    anchor = torch.stack([-w / 2, -h / 2, w / 2, h / 2])
    width = (anchor[2] - anchor[0]).item()
    height = (anchor[3] - anchor[1]).item()
    # Same area as a scale×scale square, and the requested shape.
    assert math.isclose(width * height, scale * scale, rel_tol=1e-5)
    assert math.isclose(height / width, ratio, rel_tol=1e-5)
    return round(width, 1)


if __name__ == "__main__":
    print(answer())
