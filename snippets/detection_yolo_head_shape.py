"""A one-stage (YOLO-style) head: one 1×1 conv predicts boxes, objectness and classes at once."""

import torch
from torch import nn


def answer(batch=2, channels=256, grid=13, anchors=3, classes=20, *, device="cpu"):
    torch.manual_seed(0)
    per_anchor = 4 + 1 + classes  # (tx, ty, tw, th), objectness, class scores
    head = nn.Conv2d(channels, anchors * per_anchor, kernel_size=1, device=device)
    features = torch.randn(batch, channels, grid, grid, device=device)
    with torch.no_grad():
        out = head(features)
    # Every cell predicts `anchors` boxes, each with 5 + C numbers.
    boxes = out.view(batch, anchors, per_anchor, grid, grid)
    assert boxes.shape[1:3] == (anchors, 5 + classes)
    assert out.shape == (batch, anchors * (5 + classes), grid, grid)
    return list(out.shape)


if __name__ == "__main__":
    print(answer())
