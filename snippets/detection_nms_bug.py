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


def nms_by_definition(iou, scores, threshold):
    """Greedy NMS's result as a definition, found by trying every subset S of the boxes: no box
    in S overlaps (IoU > threshold) a better-scoring box in S, and every box left out overlaps
    a better-scoring box in S. Exactly one subset qualifies; it is returned best score first."""
    n = len(scores)
    better = [[scores[j] > scores[i] for j in range(n)] for i in range(n)]

    def covered(i, chosen):
        return any(better[i][j] and iou[i][j] > threshold for j in chosen)

    found = []
    for mask in range(2**n):
        chosen = [i for i in range(n) if mask >> i & 1]
        if all(not covered(i, chosen) for i in chosen) and all(
            covered(i, chosen) for i in range(n) if i not in chosen
        ):
            found.append(chosen)
    assert len(found) == 1, found
    return sorted(found[0], key=lambda i: -scores[i])


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
    rows = boxes.tolist()
    counted = [[pixel_iou(p, q) for q in rows] for p in rows]  # IoU by counting pixels
    assert nms_by_definition(counted, scores.tolist(), 0.3) == fixed != buggy
    return next(k for k, v in CHOICES.items() if v == buggy)


if __name__ == "__main__":
    print(answer())
