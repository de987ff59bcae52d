"""Output shapes of a Faster R-CNN RPN head: k objectness scores and 4k box offsets per location."""

import torch
from torch import nn


class RPNHead(nn.Module):
    def __init__(self, channels, anchors, device="cpu"):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1, device=device)  # 3×3 window
        self.cls = nn.Conv2d(channels, anchors, 1, device=device)  # object vs background
        self.reg = nn.Conv2d(channels, 4 * anchors, 1, device=device)  # (tx, ty, tw, th)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        return self.cls(x), self.reg(x)


def answer(height=38, width=50, anchors=9, channels=256, what="reg", *, device="cpu"):
    torch.manual_seed(0)
    head = RPNHead(channels, anchors, device)
    with torch.no_grad():
        scores, deltas = head(torch.randn(1, channels, height, width, device=device))
    assert scores.shape == (1, anchors, height, width)
    assert deltas.shape == (1, 4 * anchors, height, width)
    # Every anchor gets 4 offsets: H·W·k anchors in total.
    assert deltas.view(1, anchors, 4, height, width).numel() == 4 * height * width * anchors
    return list(deltas.shape if what == "reg" else scores.shape)


if __name__ == "__main__":
    print("objectness", answer(what="cls"))
    print("box deltas", answer())
