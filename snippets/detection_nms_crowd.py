"""Greedy NMS cannot tell a duplicate from a second object that overlaps as much: two people
side by side, IoU 0.6, lose one box at threshold 0.5."""

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


def nms(boxes, scores, threshold):
    order = scores.argsort(descending=True)
    keep = []
    while order.numel() > 0:
        best, rest = order[0], order[1:]
        keep.append(int(best))
        order = rest[box_iou(boxes[best][None], boxes[rest])[0] <= threshold]
    return keep


def demo(*, device="cpu"):
    # Two people standing side by side, one correct box on each: not duplicates.
    boxes = torch.tensor([[0, 0, 40, 100], [10, 0, 50, 100]], dtype=torch.float32, device=device)
    scores = torch.tensor([0.90, 0.85], device=device)
    iou = box_iou(boxes[:1], boxes[1:])[0, 0].item()
    counted = pixel_iou(*boxes.tolist())
    print(f"IoU of the two people's boxes: {iou:.2f} (counting pixels: {counted:.2f})")
    assert abs(iou - 0.6) < 1e-6 and abs(counted - 0.6) < 1e-6

    rows = boxes.tolist()
    pairwise = [[pixel_iou(p, q) for q in rows] for p in rows]
    for threshold in (0.5, 0.7):
        keep = nms(boxes, scores, threshold)
        assert keep == nms_by_definition(pairwise, scores.tolist(), threshold)
        kept = [round(scores[i].item(), 2) for i in keep]
        print(f"NMS, threshold {threshold}: keeps the boxes scored {kept}")
    # At 0.5 the second person is suppressed (a missed detection); the 0.9 box is never touched.
    assert nms(boxes, scores, 0.5) == [0]
    # Raising the threshold saves it, at the price of letting real duplicates (IoU 0.5-0.7) through.
    assert nms(boxes, scores, 0.7) == [0, 1]
    # Greedy NMS keeps the survivors' scores and coordinates as they are: nothing is merged.
    assert torch.equal(boxes[nms(boxes, scores, 0.5)], boxes[:1])


if __name__ == "__main__":
    demo()
