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


def nms(boxes, scores, threshold, verbose=True):
    order = scores.argsort(descending=True)  # 1. sort by confidence
    keep = []
    while order.numel() > 0:
        best = order[0]  # 2. the highest-scoring box left is kept
        keep.append(int(best))
        rest = order[1:]
        ious = box_iou(boxes[best][None], boxes[rest])[0]  # 3. its IoU with every other box
        if verbose:
            pairs = zip(rest.tolist(), ious.tolist(), strict=True)
            name = [f"the {v:.2f} box" for v in scores.tolist()]  # boxes named by score
            gone = [f"{name[i]} (IoU {v:.2f})" for i, v in pairs if v > threshold]
            print(f"keep {name[int(best)]}; remove IoU > {threshold}: {', '.join(gone) or '-'}")
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
    print("kept scores:", [round(scores[i].item(), 2) for i in keep])

    assert keep == [0, 2, 4]  # the 0.95, 0.80 and 0.60 boxes
    # Independent check: pixel-counted IoUs and the definition of NMS, tried on all 32 subsets.
    rows = boxes.tolist()
    counted = [[pixel_iou(p, q) for q in rows] for p in rows]
    assert nms_by_definition(counted, scores.tolist(), 0.5) == keep
    iou = box_iou(boxes, boxes)
    assert iou[0, 1] > 0.5  # the 0.90 box has the 2nd-best score but duplicates the 0.95 box
    assert iou[0, 2] < 0.5 and iou[2, 3] > 0.5  # 0.75 survives 0.95, then 0.80 removes it
    assert iou[0, 4] == 0 and iou[2, 4] < 0.5  # the 0.60 box is a separate object


if __name__ == "__main__":
    demo()
