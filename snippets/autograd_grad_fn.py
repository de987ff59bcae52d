"""The graph autograd records: y = (x * 2).sum() ends in SumBackward0 <- MulBackward0 <- x."""

import torch


def answer(*, device="cpu"):
    x = torch.ones(3, requires_grad=True, device=device)
    y = (x * 2).sum()
    node = y.grad_fn
    chain = []
    while node is not None:
        chain.append(type(node).__name__)
        node = node.next_functions[0][0] if node.next_functions else None
    print(" <- ".join(chain))
    assert chain == ["SumBackward0", "MulBackward0", "AccumulateGrad"]
    assert x.grad_fn is None  # a leaf created by the user has no grad_fn
    return chain[0]


if __name__ == "__main__":
    print(answer())
