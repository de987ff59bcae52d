"""Greedy NMS (plain torch) on six 10×10 boxes in a row, each shifted `shift` px from the last."""

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


def nms(boxes, scores, threshold):
    order = scores.argsort(descending=True)
    keep = []
    while order.numel() > 0:
        best, rest = order[0], order[1:]
        keep.append(int(best))
        order = rest[box_iou(boxes[best][None], boxes[rest])[0] <= threshold]
    return keep


def answer(shift=2, thr=0.5, *, device="cpu"):
    i = torch.arange(6, dtype=torch.float32, device=device)
    x1 = shift * i
    zeros = torch.zeros_like(i)
    boxes = torch.stack([x1, zeros, x1 + 10, zeros + 10], dim=1)
    scores = torch.tensor([0.9, 0.8, 0.7, 0.6, 0.5, 0.4], device=device)
    keep = nms(boxes, scores, thr)
    # Neighbours k steps apart overlap by IoU (10 - k·s) / (10 + k·s).
    k1 = box_iou(boxes[:1], boxes[1:2])[0, 0].item()
    assert abs(k1 - (10 - shift) / (10 + shift)) < 1e-6
    print(f"shift {shift}, threshold {thr}: kept boxes {keep}")
    return len(keep)


if __name__ == "__main__":
    print(answer())
