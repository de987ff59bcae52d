"""A tall object matches the tall anchor best: why anchors come in several aspect ratios."""

import math

import torch


def box_iou(a, b):
    """Pairwise IoU of boxes a (N, 4) and b (M, 4) in (x1, y1, x2, y2) form -> (N, M)."""
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    top_left = torch.max(a[:, None, :2], b[None, :, :2])
    bottom_right = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (bottom_right - top_left).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    return inter / (area_a[:, None] + area_b[None, :] - inter)


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


def demo(*, device="cpu"):
    person = torch.tensor([[0.0, 0.0, 60.0, 150.0]], device=device)  # a standing pedestrian
    cx, cy, scale = 30.0, 75.0, 96.0  # three anchors at the same centre, same area 96²
    anchors = []
    for r in (0.5, 1.0, 2.0):  # r = h / w: wide, square, tall
        w, h = scale / math.sqrt(r), scale * math.sqrt(r)
        anchors.append([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
    anchors = torch.tensor(anchors, device=device)
    wide, square, tall = box_iou(person, anchors)[0].tolist()
    # The anchors' corners are not whole pixels: count on a quarter-pixel grid instead.
    counted = [pixel_iou(person[0].tolist(), a, step=0.25) for a in anchors.tolist()]
    assert all(abs(c - v) < 0.01 for c, v in zip(counted, (wide, square, tall), strict=True))

    def label(iou):  # Faster R-CNN's RPN rule
        return "positive" if iou >= 0.7 else "negative" if iou < 0.3 else "ignored"

    for name, iou in (("wide 1:2", wide), ("square 1:1", square), ("tall 2:1", tall)):
        print(f"{name:10s} anchor: IoU with the person {iou:.2f} -> {label(iou)}")

    assert tall > square > wide
    assert label(tall) == "positive"  # only the tall anchor gets to learn this object
    assert label(square) == "ignored" and label(wide) == "negative"


if __name__ == "__main__":
    demo()
