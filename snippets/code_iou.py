"""Reference for code-iou: the IoU of two boxes (x1, y1, x2, y2), checked by counting pixels."""

import random

import torch


def answer(a=(0, 0, 2, 2), b=(1, 1, 3, 3), *, device="cpu"):
    w = max(0, min(a[2], b[2]) - max(a[0], b[0]))  # overlap width, 0 when apart in x
    h = max(0, min(a[3], b[3]) - max(a[1], b[1]))  # overlap height, 0 when apart in y
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union)


def random_case(rng: random.Random):
    def box():
        x1, y1 = rng.randint(0, 12), rng.randint(0, 12)
        return [x1, y1, x1 + rng.randint(1, 8), y1 + rng.randint(1, 8)]

    a = box()
    kind = rng.random()
    if kind < 0.15:
        b = list(a)  # identical
    elif kind < 0.3:
        b = [a[2] + rng.randint(0, 3), a[3] + rng.randint(0, 3), a[2] + 5, a[3] + 6]  # apart
    else:
        b = box()
    return {"a": a, "b": b}


def pixel_iou(a, b):
    """IoU by counting the unit pixels inside each box: no IoU formula involved."""
    xs = torch.arange(0, 40) + 0.5
    gy, gx = torch.meshgrid(xs, xs, indexing="ij")

    def inside(box):
        return (gx > box[0]) & (gx < box[2]) & (gy > box[1]) & (gy < box[3])

    in_a, in_b = inside(a), inside(b)
    return ((in_a & in_b).sum() / (in_a | in_b).sum()).item()


if __name__ == "__main__":
    assert answer([0, 0, 2, 2], [1, 1, 3, 3]) == 1 / 7
    assert answer([0, 0, 1, 1], [2, 2, 3, 3]) == 0.0  # apart: 0, not a phantom overlap
    assert answer([0, 0, 2, 2], [0, 0, 2, 2]) == 1.0
    rng = random.Random("code-iou")
    for _ in range(200):
        case = random_case(rng)
        got = answer(**case)
        assert abs(got - pixel_iou(case["a"], case["b"])) < 1e-6, case
        assert got == answer(case["b"], case["a"])  # symmetric
    print("iou((0, 0, 2, 2), (1, 1, 3, 3)) =", answer())
