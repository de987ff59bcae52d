"""A fully-convolutional net maps an H×W image to an (H/4)×(W/4) grid of class scores."""

import torch
import torch.nn.functional as F
from torch import nn


def answer(height=64, width=96, classes=21, *, device="cpu"):
    torch.manual_seed(0)
    fcn = nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, classes, 1),  # a 1×1 conv as the classifier: no Linear, no Flatten
    ).to(device)
    x = torch.randn(1, 3, height, width, device=device)
    with torch.no_grad():
        y = fcn(x)
        assert y.shape == (1, classes, height // 4, width // 4)
        # Upsampled back to the input size: one score vector per pixel, as in segmentation.
        seg = F.interpolate(y, size=(height, width), mode="bilinear", align_corners=False)
        assert seg.argmax(1).shape == (1, height, width)
    return list(y.shape)


if __name__ == "__main__":
    print(answer())
