"""IoU of two boxes that do not overlap is 0; skipping the clamp gives a bogus positive value."""

import math

import torch

CHOICES = {"A": 0.0, "B": 4 / 28, "C": 4 / 100, "D": math.nan}  # D: "undefined"


def pixel_iou(a, b, step=1.0):
    """IoU found by counting the sample points (pixel centres, `step` apart) inside each box:
    an independent check that shares neither code nor formula with box_iou."""
    a, b = [float(v) for v in a], [float(v) for v in b]
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    xs = torch.arange(x0 + step / 2, max(a[2], b[2]), step, dtype=torch.float64)
    ys = torch.arange(y0 + step / 2, max(a[3], b[3]), step, dtype=torch.float64)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")

    def inside(box):
        return (gx > box[0]) & (gx < box[2]) & (gy > box[1]) & (gy < box[3])

    in_a, in_b = inside(a), inside(b)
    return ((in_a & in_b).sum() / (in_a | in_b).sum()).item()


def answer(*, device="cpu"):
    a = torch.tensor([0.0, 0.0, 4.0, 4.0], device=device)
    b = torch.tensor([6.0, 6.0, 10.0, 10.0], device=device)
    area_a = (a[2] - a[0]) * (a[3] - a[1])
    area_b = (b[2] - b[0]) * (b[3] - b[1])
    w = torch.min(a[2], b[2]) - torch.max(a[0], b[0])  # 4 - 6 = -2
    h = torch.min(a[3], b[3]) - torch.max(a[1], b[1])  # 4 - 6 = -2

    right = (w.clamp(min=0) * h.clamp(min=0)) / (area_a + area_b - w.clamp(min=0) * h.clamp(min=0))
    no_clamp = (w * h) / (area_a + area_b - w * h)  # (-2)·(-2) = +4: a phantom overlap
    enclosing = (torch.max(a[2:], b[2:]) - torch.min(a[:2], b[:2])).prod()  # box (0,0,10,10)
    over_enclosing = (w * h) / enclosing

    print(f"correct IoU            {right.item():.3f}")
    print(f"without clamp          {no_clamp.item():.3f}  (= 4/28)")
    print(f"divided by enclosing   {over_enclosing.item():.3f}  (= 4/100)")
    assert math.isclose(no_clamp.item(), CHOICES["B"], rel_tol=1e-6)
    assert math.isclose(over_enclosing.item(), CHOICES["C"], rel_tol=1e-6)
    assert not math.isnan(right.item())  # well defined: the union is 32 > 0
    counted = pixel_iou(a.tolist(), b.tolist())  # no pixel lies in both boxes
    print(f"counting pixels        {counted:.3f}")
    assert counted == right.item() == 0.0
    return next(k for k, v in CHOICES.items() if math.isclose(v, right.item(), abs_tol=1e-9))


if __name__ == "__main__":
    print(answer())
