"""IoU of two boxes (x1, y1, x2, y2), computed with plain torch (no torchvision) and checked
by counting pixels."""

import torch


def box_iou(a, b):
    """Pairwise IoU of boxes a (N, 4) and b (M, 4) in (x1, y1, x2, y2) form -> (N, M)."""
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    top_left = torch.max(a[:, None, :2], b[None, :, :2])  # intersection corners
    bottom_right = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (bottom_right - top_left).clamp(min=0)  # no overlap -> width or height 0
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


def answer(box1=(0, 0, 10, 10), box2=(5, 5, 15, 15), *, device="cpu"):
    a = torch.tensor([box1], dtype=torch.float32, device=device)
    b = torch.tensor([box2], dtype=torch.float32, device=device)
    iou = box_iou(a, b)[0, 0].item()

    # Counting the pixels of both boxes gives the same number, without the formula.
    assert abs(iou - pixel_iou(box1, box2)) < 1e-6
    assert torch.allclose(box_iou(b, a), box_iou(a, b))  # symmetric
    return round(iou, 4)


if __name__ == "__main__":
    print(answer())
