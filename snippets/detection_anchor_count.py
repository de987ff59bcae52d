"""Counts the anchors laid over a feature map: one set of scales × ratios at every location."""

import torch


def base_anchors(scales, ratios, device="cpu"):
    """Anchors centred on (0, 0); ratio = h / w, area = scale²."""
    scales = torch.as_tensor(scales, dtype=torch.float32, device=device)
    ratios = torch.as_tensor(ratios, dtype=torch.float32, device=device)
    h = (scales[:, None] * ratios.sqrt()[None, :]).flatten()
    w = (scales[:, None] / ratios.sqrt()[None, :]).flatten()
    return torch.stack([-w, -h, w, h], dim=1) / 2  # (len(scales)·len(ratios), 4)


def answer(height=38, width=50, scales=3, ratios=3, stride=16, *, device="cpu"):
    sizes = [32 * 2**i for i in range(scales)]  # e.g. 32, 64, 128
    aspect = [2.0**j for j in range(-(ratios // 2), ratios - ratios // 2)]  # e.g. 0.5, 1, 2
    base = base_anchors(sizes, aspect, device)
    # The centre of every feature-map cell, mapped back to image pixels.
    ys = (torch.arange(height, device=device) + 0.5) * stride
    xs = (torch.arange(width, device=device) + 0.5) * stride
    cy, cx = torch.meshgrid(ys, xs, indexing="ij")
    centres = torch.stack([cx, cy, cx, cy], dim=-1).reshape(-1, 1, 4)  # (H·W, 1, 4)
    anchors = (centres + base[None]).reshape(-1, 4)  # (H·W·k, 4)

    k = scales * ratios
    assert base.shape == (k, 4)
    assert anchors.shape == (height * width * k, 4)
    return int(anchors.shape[0])


def mistake_added(height=38, width=50, scales=3, ratios=3, stride=16):
    """Adds the scales and ratios instead of pairing each scale with each ratio."""
    value = height * width * (scales + ratios)
    return None if scales + ratios == scales * ratios else value


if __name__ == "__main__":
    print(answer())
