"""An NMS that carries `ious > threshold` to the next round keeps duplicates, not objects."""

import torch

CHOICES = {"A": [0, 2], "B": [0, 1], "C": [0], "D": [0, 1, 2]}


def box_iou(a, b):
    """Pairwise IoU of boxes a (N, 4) and b (M, 4) in (x1, y1, x2, y2) form -> (N, M)."""
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    top_left = torch.max(a[:, None, :2], b[None, :, :2])
    bottom_right = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (bottom_right - top_left).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    return inter / (area_a[:, None] + area_b[None, :] - inter)


def nms(boxes, scores, thr, buggy):
    order = scores.argsort(descending=True)
    keep = []
    while order.numel() > 0:
        best, rest = order[0], order[1:]
        keep.append(int(best))
        ious = box_iou(boxes[best][None], boxes[rest])[0]
        order = rest[ious > thr] if buggy else rest[ious <= thr]
    return keep


def answer(*, device="cpu"):
    boxes = torch.tensor(
        [[50, 50, 150, 150], [60, 60, 140, 140], [200, 200, 300, 300]],
        dtype=torch.float32,
        device=device,
    )
    scores = torch.tensor([0.9, 0.8, 0.7], device=device)
    buggy = nms(boxes, scores, 0.3, buggy=True)
    fixed = nms(boxes, scores, 0.3, buggy=False)
    print("IoU(box 0, box 1) =", round(box_iou(boxes[:1], boxes[1:2]).item(), 2))
    print("with `ious > thr`: ", buggy)
    print("with `ious <= thr`:", fixed)
    assert fixed == CHOICES["A"]  # what NMS should return
    return next(k for k, v in CHOICES.items() if v == buggy)


if __name__ == "__main__":
    print(answer())
