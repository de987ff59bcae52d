"""Semantic gap: pixel cosine calls a 1-pixel shift 'unrelated'; pooled conv features do not."""

import torch
import torch.nn.functional as F


def features(img):
    """A tiny hand-made 'CNN': edge filters, ReLU-like abs, then global average pooling."""
    x = img[None, None]  # (1, 1, H, W)
    k_h = torch.tensor([[[[-1.0, 1.0]]]], device=img.device)  # 1x2 kernel: change along a row
    k_v = torch.tensor([[[[-1.0], [1.0]]]], device=img.device)  # 2x1 kernel: change along a column
    edges_h = F.conv2d(x, k_h).abs().mean()
    edges_v = F.conv2d(x, k_v).abs().mean()
    return torch.stack([img.mean(), edges_h, edges_v])  # position-free summary


def cos(a, b):
    return F.cosine_similarity(a.flatten(), b.flatten(), dim=0).item()


def demo(*, device="cpu"):
    cols = torch.arange(8, device=device)
    stripes = (cols % 2).float().expand(8, 8)  # vertical stripes 0 1 0 1 ...
    shifted = ((cols + 1) % 2).float().expand(8, 8)  # the same stripes moved by one pixel
    gray = torch.full((8, 8), 0.5, device=device)  # a flat gray image: no stripes at all

    px_shift, px_gray = cos(stripes, shifted), cos(stripes, gray)
    f_stripes = features(stripes)
    ft_shift, ft_gray = cos(f_stripes, features(shifted)), cos(f_stripes, features(gray))
    print(f"pixels  : cos(stripes, shifted) = {px_shift:.3f}   cos(stripes, gray) = {px_gray:.3f}")
    print(f"features: cos(stripes, shifted) = {ft_shift:.3f}   cos(stripes, gray) = {ft_gray:.3f}")
    # Raw pixels: the shifted copy (same content) looks unrelated, the gray image looks closer.
    assert px_shift == 0.0 and px_gray > 0.7
    # Features that describe content regardless of position put the shifted copy first.
    assert ft_shift > 0.999 and ft_gray < 0.5


if __name__ == "__main__":
    demo()
