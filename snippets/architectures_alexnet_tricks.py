"""What AlexNet's ingredients do, run in PyTorch: ReLU gradients, dropout, overlapping pooling.

Illustrative: which techniques AlexNet used (and that BatchNorm and residual connections came
later) is history, and no run can prove history. The asserts check only what each ingredient
does, not that AlexNet had it.
"""

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
    # The overlap: one strong activation at column 2 wins two neighbouring windows, while
    # non-overlapping 2-wide windows (stride 2) pass it to one output only.
    row = torch.zeros(1, 1, 1, 7, device=device)
    row[..., 2] = 1.0
    overlapping = nn.MaxPool2d((1, 3), stride=(1, 2))(row).flatten().tolist()
    disjoint = nn.MaxPool2d((1, 2), stride=(1, 2))(row).flatten().tolist()
    print("column 2 = 1: 3-wide/stride-2 pooling", overlapping, " 2-wide/stride-2", disjoint)
    assert overlapping == [1.0, 1.0, 0.0] and disjoint == [0.0, 1.0, 0.0]


if __name__ == "__main__":
    demo()
