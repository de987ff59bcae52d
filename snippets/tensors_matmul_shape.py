"""Shape of x @ W.t() for x (batch, n, k) and W (m, k): what nn.Linear computes."""

import torch


def answer(batch=8, n=3, k=4, m=2, *, device="cpu"):
    torch.manual_seed(0)
    x = torch.randn(batch, n, k, device=device)
    w = torch.randn(m, k, device=device)
    out = x @ w.t()
    assert w.t().shape == (k, m)
    assert torch.equal(w.t(), w.transpose(0, 1))
    assert torch.allclose(out, x @ w.transpose(0, 1))
    assert out.shape == (batch, n, m)  # (.., n, k) @ (k, m) -> (.., n, m); batch dims carried
    return list(out.shape)


def mistake_no_batch(batch=8, n=3, k=4, m=2):
    """Drops x's leading batch dimension."""
    return [n, m]


def mistake_inner_kept(batch=8, n=3, k=4, m=2):
    """Keeps the inner size k, which the product consumes."""
    return None if k == m else [batch, n, k]


if __name__ == "__main__":
    print(answer())
