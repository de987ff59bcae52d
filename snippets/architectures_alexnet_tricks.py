"""AlexNet's tricks checked in PyTorch: ReLU gradients, dropout, overlapping pooling, flips."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    # ReLU: gradient 1 for every positive input; sigmoid's is at most 0.25 and vanishes.
    z = torch.tensor([0.0, 2.0, 5.0], device=device, requires_grad=True)
    torch.relu(z[1:]).sum().backward()
    assert z.grad[1:].tolist() == [1.0, 1.0]
    z.grad = None
    torch.sigmoid(z).sum().backward()
    assert z.grad.max().item() == 0.25 and z.grad[2].item() < 0.01
    print("ReLU'(2) = 1, sigmoid'(0) = 0.25, sigmoid'(5) =", round(z.grad[2].item(), 4))

    # Dropout (AlexNet used p = 0.5 in the FC layers): random zeros in training, identity in eval.
    drop = nn.Dropout(p=0.5)
    h = torch.ones(10_000, device=device)
    kept = drop.train()(h)
    assert abs((kept == 0).float().mean().item() - 0.5) < 0.03
    assert torch.equal(drop.eval()(h), h)

    # Overlapping max pooling: 3×3 windows with stride 2 overlap by one column; 55 -> 27.
    x = torch.randn(1, 96, 55, 55, device=device)
    assert nn.MaxPool2d(3, stride=2)(x).shape == (1, 96, 27, 27)
    row = torch.arange(7.0, device=device).reshape(1, 1, 1, 7)
    windows = row.unfold(-1, 3, 2)  # the columns each pooling window covers
    assert windows[0, 0, 0].tolist() == [[0, 1, 2], [2, 3, 4], [4, 5, 6]]  # column 2 and 4 shared

    # Data augmentation: a horizontal flip is a new, equally valid training image.
    img = torch.randn(3, 8, 8, device=device)
    assert torch.equal(img.flip(-1).flip(-1), img) and not torch.equal(img.flip(-1), img)
    # Random 224×224 crops of 256×256 images: (256 − 224)² · 2 = 2,048 variants per image.
    assert (256 - 224) ** 2 * 2 == 2048

    # Not AlexNet: BatchNorm (2015) and residual connections (2015) came later.
    print("ReLU, dropout, overlapping pooling and augmentation: all asserts hold")


if __name__ == "__main__":
    demo()
