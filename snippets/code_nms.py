"""Reference for code-nms: greedy non-maximum suppression in plain torch, checked against the
definition of its result."""

import random

import torch


def box_iou(box, others):
    """IoU of one box (4,) with each row of others (M, 4), boxes as (x1, y1, x2, y2)."""
    top_left = torch.max(box[:2], others[:, :2])
    bottom_right = torch.min(box[2:], others[:, 2:])
    wh = (bottom_right - top_left).clamp(min=0)  # no overlap -> 0
    inter = wh[:, 0] * wh[:, 1]
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1])
    return inter / (area + areas - inter)


def answer(
    boxes=((0, 0, 10, 10), (1, 1, 11, 11), (20, 20, 30, 30)),
    scores=(0.9, 0.8, 0.7),
    iou_threshold=0.5,
    *,
    device="cpu",
):
    boxes = torch.as_tensor(boxes, dtype=torch.float32, device=device)
    scores = torch.as_tensor(scores, dtype=torch.float32, device=device)
    order = torch.argsort(scores, descending=True)
    keep = []
    while order.numel() > 0:
        best = order[0]
        keep.append(int(best))
        ious = box_iou(boxes[best], boxes[order[1:]])
        order = order[1:][ious <= iou_threshold]  # drop the boxes that overlap it too much
    return keep


def prepare(case, *, device="cpu"):
    return {
        "boxes": torch.tensor(case["boxes"], dtype=torch.float32, device=device).view(-1, 4),
        "scores": torch.tensor(case["scores"], dtype=torch.float32, device=device),
        "iou_threshold": float(case["iou_threshold"]),
    }


def random_case(rng: random.Random):
    n = rng.randint(1, 8)
    boxes = []
    for _ in range(n):
        x1, y1 = rng.randint(0, 20), rng.randint(0, 20)
        boxes.append([x1, y1, x1 + rng.randint(4, 12), y1 + rng.randint(4, 12)])
    scores = [s / 100 for s in rng.sample(range(1, 100), n)]  # distinct: no ties to break
    return {"boxes": boxes, "scores": scores, "iou_threshold": rng.choice([0.3, 0.5, 0.7])}


def by_definition(boxes, scores, thr):
    """A box is kept iff no kept box with a higher score overlaps it by more than thr."""
    kept = []
    for i in sorted(range(len(scores)), key=lambda i: -scores[i]):
        if all(box_iou(boxes[j], boxes[i : i + 1])[0] <= thr for j in kept):
            kept.append(i)
    return kept


if __name__ == "__main__":
    assert answer() == [0, 2]
    rng = random.Random("code-nms")
    for _ in range(100):
        args = prepare(random_case(rng))
        keep = answer(**args)
        assert keep == by_definition(args["boxes"], args["scores"].tolist(), args["iou_threshold"])
    print("kept:", answer())
