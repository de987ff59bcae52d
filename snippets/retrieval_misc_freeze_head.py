"""Transfer learning: freeze a stand-in pretrained backbone, add a Linear head, count trainables."""

import torch
from torch import nn


def answer(features=512, classes=10, *, device="cpu"):
    torch.manual_seed(0)
    backbone = nn.Sequential(  # stands in for a pretrained CNN that ends in global average pooling
        nn.Conv2d(3, 16, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(16, features, 3, padding=1),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
    )
    backbone.requires_grad_(False)  # freeze every backbone parameter
    head = nn.Linear(features, classes)  # the new, trainable classifier
    model = nn.Sequential(backbone, head).to(device)

    before = [p.clone() for p in backbone.parameters()]
    x = torch.randn(4, 3, 8, 8, device=device)
    y = torch.randint(0, classes, (4,), device=device)
    nn.functional.cross_entropy(model(x), y).backward()
    with torch.no_grad():  # one hand-written SGD step over every parameter that has a gradient
        for p in model.parameters():
            if p.grad is not None:
                p -= 0.1 * p.grad
    unchanged = zip(before, backbone.parameters(), strict=True)
    assert all(torch.equal(b, p) for b, p in unchanged)  # the backbone did not move

    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    assert trainable == features * classes + classes
    return int(trainable)


if __name__ == "__main__":
    print(answer())
