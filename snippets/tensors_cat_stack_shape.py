"""torch.cat joins along an existing dimension; torch.stack adds a new one."""

import torch

EXPRESSIONS = {
    "torch.cat([a, b])": lambda a, b: torch.cat([a, b]),
    "torch.cat([a, b], dim=1)": lambda a, b: torch.cat([a, b], dim=1),
    "torch.stack([a, b])": lambda a, b: torch.stack([a, b]),
    "torch.stack([a, b], dim=1)": lambda a, b: torch.stack([a, b], dim=1),
    "torch.stack([a, b], dim=2)": lambda a, b: torch.stack([a, b], dim=2),
}


def answer(n=2, d=4, expr="torch.cat([a, b])", *, device="cpu"):
    a = torch.zeros(n, d, device=device)
    b = torch.ones(n, d, device=device)
    out = EXPRESSIONS[expr](a, b)
    expected = {
        "torch.cat([a, b])": [2 * n, d],  # dim=0 by default: the rows of b follow a's
        "torch.cat([a, b], dim=1)": [n, 2 * d],
        "torch.stack([a, b])": [2, n, d],  # a new dimension 0 of size 2 (two tensors)
        "torch.stack([a, b], dim=1)": [n, 2, d],
        "torch.stack([a, b], dim=2)": [n, d, 2],
    }[expr]
    assert list(out.shape) == expected
    # stack is cat of unsqueezed tensors.
    if "stack" in expr:
        dim = 0 if "dim" not in expr else int(expr[-2])
        assert torch.equal(out, torch.cat([a.unsqueeze(dim), b.unsqueeze(dim)], dim=dim))
    return list(out.shape)


def mistake_cat_stack_swapped(n=2, d=4, expr="torch.cat([a, b])"):
    """The other function's shape: stacking for cat, concatenating for stack."""
    if expr == "torch.cat([a, b])":
        return [2, n, d]
    if expr == "torch.cat([a, b], dim=1)":
        return [n, 2, d]
    if expr == "torch.stack([a, b])":
        return [2 * n, d]
    if expr == "torch.stack([a, b], dim=1)":
        return [n, 2 * d]
    return None  # cat along dim=2 of a 2-d tensor is no answer at all


if __name__ == "__main__":
    for e in EXPRESSIONS:
        print(f"a, b of shape (2, 4): {e:28} -> {answer(2, 4, e)}")
