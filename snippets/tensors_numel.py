"""x.numel() is the product of the sizes in x.shape, read off a real tensor."""

import math

import torch


def answer(d0=2, d1=3, d2=4, *, device="cpu"):
    x = torch.zeros(d0, d1, d2, device=device)
    assert x.size() == (d0, d1, d2)
    assert [x.size(i) for i in range(x.dim())] == [d0, d1, d2]
    assert x.numel() == math.prod(x.shape) == d0 * d1 * d2
    return int(x.numel())


if __name__ == "__main__":
    print(answer())
