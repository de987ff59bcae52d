"""The Laplacian kernel's weights sum to 0: it answers 0 on flat regions and ramps, not at edges."""

import torch
import torch.nn.functional as F

LAPLACIAN = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])


def laplacian(img):
    k = LAPLACIAN.to(img.device).view(1, 1, 3, 3)
    return F.conv2d(img.view(1, 1, *img.shape), k).view(img.shape[0] - 2, img.shape[1] - 2)


def demo(*, device="cpu"):
    assert LAPLACIAN.sum().item() == 0.0
    flat = torch.full((6, 6), 0.7, device=device)  # uniform brightness
    rows = torch.arange(6.0, device=device)
    ramp = (2 * rows.view(-1, 1) + 3 * rows.view(1, -1)) / 20  # brightness rising linearly
    edge = torch.zeros(6, 6, device=device)
    edge[:, 3:] = 1.0  # dark left half, bright right half
    black = torch.zeros(6, 6, device=device)
    black[2, 2] = 1.0  # one bright dot on black

    for name, img in (("flat", flat), ("ramp", ramp), ("edge", edge), ("dot", black)):
        out = laplacian(img)
        print(f"{name:4}: output row 1 = {[round(v, 2) for v in out[1].tolist()]}")
    assert torch.allclose(laplacian(flat), torch.zeros(4, 4, device=device), atol=1e-5)
    assert torch.allclose(laplacian(ramp), torch.zeros(4, 4, device=device), atol=1e-5)
    # Non-zero exactly beside the edge: +1 on the dark side, −1 on the bright side...
    assert laplacian(edge)[0].tolist() == [0.0, 1.0, -1.0, 0.0]
    # ... and on black pixels next to the dot: black pixels are not where it gives 0.
    assert laplacian(black)[0, 1].item() == 1.0 and laplacian(black)[1, 1].item() == -4.0


if __name__ == "__main__":
    demo()
