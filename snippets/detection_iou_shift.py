"""IoU of a square box and the same box shifted by (dx, dy), computed with plain torch."""

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


def answer(size=10, dx=5, dy=5, *, device="cpu"):
    a = torch.tensor([[0, 0, size, size]], dtype=torch.float32, device=device)
    b = a + torch.tensor([dx, dy, dx, dy], dtype=torch.float32, device=device)
    iou = box_iou(a, b)[0, 0].item()
    inter = max(0, size - dx) * max(0, size - dy)
    assert abs(iou - inter / (2 * size * size - inter)) < 1e-6  # the formula agrees
    return round(iou, 4)


if __name__ == "__main__":
    print(answer())
