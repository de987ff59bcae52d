"""One fully-convolutional net takes any input size; a Flatten→Linear head does not."""

import torch
import torch.nn.functional as F
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    features = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    ).to(device)  # fmt: skip
    fcn_head = nn.Conv2d(16, 5, 1, device=device)  # 5 classes, a score at every position
    fc_head = nn.Sequential(nn.Flatten(), nn.Linear(16 * 8 * 8, 5)).to(device)  # fixed 32×32

    with torch.no_grad():
        for h, w in [(32, 32), (48, 80), (100, 60)]:
            x = torch.randn(1, 3, h, w, device=device)
            scores = fcn_head(features(x))
            seg = F.interpolate(scores, size=(h, w), mode="bilinear", align_corners=False)
            labels = seg.argmax(1)  # a class for every pixel: semantic segmentation
            assert labels.shape == (1, h, w)
            print(f"input {h}x{w}: FCN scores {tuple(scores.shape)} -> label map {(h, w)}")
            try:
                fc_head(features(x))
                fc_ok = True
            except RuntimeError:
                fc_ok = False
            assert fc_ok == ((h, w) == (32, 32)), (h, w)  # the FC head fits one size only
        n_head = sum(p.numel() for p in fcn_head.parameters())
        assert n_head == 16 * 5 + 5  # independent of the input size

        # A VGG-style classifier: five 2×2 max-pools (each rounds down), then
        # Flatten → Linear(7·7·C, …). It is not tied to 224 exactly but to a 7×7 map, which
        # every side from 224 to 255 gives (255 → 127 → 63 → 31 → 15 → 7).
        pools = nn.Sequential(*[nn.MaxPool2d(2) for _ in range(5)])
        vgg_head = nn.Sequential(nn.Flatten(), nn.Linear(7 * 7, 10)).to(device)
        fits = []
        for side in (223, 224, 240, 255, 256):
            maps = pools(torch.zeros(1, 1, side, side, device=device))
            try:
                vgg_head(maps)
                fits.append(side)
            except RuntimeError:
                pass
            print(f"VGG-style input {side}: {tuple(maps.shape[-2:])} map")
        assert fits == [224, 240, 255]


if __name__ == "__main__":
    demo()
