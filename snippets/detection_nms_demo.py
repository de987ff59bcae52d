"""Greedy NMS in plain torch, step by step, on five boxes with IoU threshold 0.5."""

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


def nms(boxes, scores, threshold, names="ABCDE", verbose=True):
    order = scores.argsort(descending=True)  # 1. sort by confidence
    keep = []
    while order.numel() > 0:
        best = order[0]  # 2. the highest-scoring box left is kept
        keep.append(int(best))
        rest = order[1:]
        ious = box_iou(boxes[best][None], boxes[rest])[0]  # 3. its IoU with every other box
        if verbose:
            pairs = zip(rest.tolist(), ious.tolist(), strict=True)
            gone = [f"{names[i]} ({v:.2f})" for i, v in pairs if v > threshold]
            print(f"keep {names[int(best)]}; remove IoU > {threshold}: {', '.join(gone) or '-'}")
        order = rest[ious <= threshold]  # 4. drop the overlapping ones, repeat with the rest
    return keep


def demo(*, device="cpu"):
    boxes = torch.tensor(
        [[10, 10, 50, 50], [12, 12, 52, 52], [30, 30, 70, 70], [32, 28, 72, 68], [60, 10, 100, 50]],
        dtype=torch.float32,
        device=device,
    )
    scores = torch.tensor([0.95, 0.90, 0.80, 0.75, 0.60], device=device)
    keep = nms(boxes, scores, 0.5)
    print("kept:", ["ABCDE"[i] for i in keep])

    assert keep == [0, 2, 4]  # A, C, E
    iou = box_iou(boxes, boxes)
    assert iou[0, 1] > 0.5  # B has the 2nd-best score but duplicates A
    assert iou[0, 2] < 0.5 and iou[2, 3] > 0.5  # D survives A, then C removes it
    assert iou[0, 4] == 0 and iou[2, 4] < 0.5  # E overlaps nothing much: a separate object


if __name__ == "__main__":
    demo()
