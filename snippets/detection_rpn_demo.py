"""The RPN scores every anchor as object/background and regresses its box; it knows no classes."""

import torch
from torch import nn


class RPNHead(nn.Module):
    def __init__(self, channels, anchors, device="cpu"):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1, device=device)
        self.cls = nn.Conv2d(channels, anchors, 1, device=device)  # one objectness logit
        self.reg = nn.Conv2d(channels, 4 * anchors, 1, device=device)  # 4 box offsets

    def forward(self, x):
        x = torch.relu(self.conv(x))
        return self.cls(x), self.reg(x)


def decode(anchors, deltas):
    """Apply (tx, ty, tw, th) to anchors (x1, y1, x2, y2): the standard box parametrisation."""
    w, h = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    cx, cy = anchors[:, 0] + w / 2, anchors[:, 1] + h / 2
    cx, cy = cx + deltas[:, 0] * w, cy + deltas[:, 1] * h
    w, h = w * deltas[:, 2].exp(), h * deltas[:, 3].exp()
    return torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], dim=1)


def demo(*, device="cpu"):
    torch.manual_seed(0)
    k, c, hgt, wid = 9, 32, 6, 8
    head = RPNHead(c, k, device)
    with torch.no_grad():
        scores, deltas = head(torch.randn(1, c, hgt, wid, device=device))
    print("objectness", tuple(scores.shape), " box deltas", tuple(deltas.shape))

    # Class-agnostic: the RPN is built without any class count, while the second-stage head
    # that classifies each pooled proposal (RoI) grows with the number of classes.
    rois = torch.randn(5, c * 7 * 7, device=device)  # 5 proposals after RoI pooling, flattened
    for n_classes in (20, 80):
        stage2 = nn.Linear(c * 7 * 7, n_classes + 1, device=device)  # + background
        with torch.no_grad():
            class_scores = stage2(rois)
        assert scores.shape == (1, k, hgt, wid) and deltas.shape == (1, 4 * k, hgt, wid)
        assert class_scores.shape == (5, n_classes + 1)
        shape = tuple(class_scores.shape)
        print(f"{n_classes} classes: RPN outputs unchanged, stage-2 scores {shape}")

    # Proposals = anchors moved by the predicted deltas, ranked by objectness (then NMS, top-N).
    anchors = torch.tensor([[0.0, 0.0, 64.0, 64.0]], device=device)
    moved = decode(anchors, torch.tensor([[0.25, 0.0, 0.0, 0.0]], device=device))
    assert torch.allclose(moved, torch.tensor([[16.0, 0.0, 80.0, 64.0]], device=device))
    print("anchor (0, 0, 64, 64) with tx = 0.25 -> proposal", moved[0].tolist())


if __name__ == "__main__":
    demo()
