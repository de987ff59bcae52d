"""IoU of two boxes (x1, y1, x2, y2), computed with plain torch (no torchvision)."""

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


def answer(box1=(0, 0, 10, 10), box2=(5, 5, 15, 15), *, device="cpu"):
    a = torch.tensor([box1], dtype=torch.float32, device=device)
    b = torch.tensor([box2], dtype=torch.float32, device=device)
    iou = box_iou(a, b)[0, 0].item()

    # The same by hand: intersection / (area1 + area2 - intersection).
    w = max(0, min(box1[2], box2[2]) - max(box1[0], box2[0]))
    h = max(0, min(box1[3], box2[3]) - max(box1[1], box2[1]))
    area1 = (box1[2] - box1[0]) * (box1[3] - box1[1])
    area2 = (box2[2] - box2[0]) * (box2[3] - box2[1])
    assert abs(iou - w * h / (area1 + area2 - w * h)) < 1e-6
    assert torch.allclose(box_iou(b, a), box_iou(a, b))  # symmetric
    return round(iou, 4)


if __name__ == "__main__":
    print(answer())
