"""Only leaf tensors keep .grad: an intermediate y has y.grad None unless y.retain_grad()."""

import warnings

import torch


def answer(*, device="cpu"):
    x = torch.ones(3, requires_grad=True, device=device)
    y = x * 2
    z = y.sum()
    z.backward()
    assert x.is_leaf and not y.is_leaf
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch warns when .grad of a non-leaf is read
        kept = y.grad
    letter = "A" if kept is None else ("B" if kept.tolist() == [1.0] * 3 else "C")

    y2 = x * 2
    y2.retain_grad()  # ask autograd to keep it after all
    y2.sum().backward()
    assert y2.grad.tolist() == [1.0, 1.0, 1.0]
    return letter


if __name__ == "__main__":
    print(answer())
