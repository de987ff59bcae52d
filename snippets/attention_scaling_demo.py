"""Why softmax(QKᵀ/√d_k): raw scores grow like √d_k, saturate softmax and kill its gradient."""

import math

import torch


def attention_stats(scores, v):
    """Weights of softmax(scores) @ v and the median over queries of Σ|∂loss/∂score|."""
    scores = scores.detach().requires_grad_(True)
    weights = scores.softmax(dim=-1)
    (weights @ v).square().sum().backward()
    return weights.detach(), scores.grad.abs().sum(-1).median().item()


def demo(*, device="cpu"):
    torch.manual_seed(0)
    d_k, n_q, n_k = 512, 64, 16
    q = torch.randn(n_q, d_k, device=device)  # entries: mean 0, variance 1
    k = torch.randn(n_k, d_k, device=device)
    v = torch.randn(n_k, 8, device=device)

    raw = q @ k.T
    scaled = raw / math.sqrt(d_k)
    print(f"d_k = {d_k}: std of q·k = {raw.std().item():.1f} (√d_k = {math.sqrt(d_k):.1f})")
    print(f"           std of q·k/√d_k = {scaled.std().item():.2f}")

    w_raw, g_raw = attention_stats(raw, v)
    w_scaled, g_scaled = attention_stats(scaled, v)
    for name, w, g in (("unscaled", w_raw, g_raw), ("scaled  ", w_scaled, g_scaled)):
        one_hot = (w.max(-1).values > 0.99).float().mean().item()
        print(f"{name}: rows with a weight > 0.99: {one_hot:4.0%}   typical |∂L/∂scores| {g:.1e}")

    # The dot product of two d_k-dim unit-variance vectors has variance d_k (std √d_k) ...
    assert abs(raw.std().item() / math.sqrt(d_k) - 1) < 0.1
    # ... and dividing by √d_k brings it back to about 1.
    assert abs(scaled.std().item() - 1) < 0.1
    # Unscaled logits make softmax almost one-hot (saturated) ...
    assert (w_raw.max(-1).values > 0.99).float().mean() > 0.5
    assert (w_scaled.max(-1).values > 0.99).float().mean() < 0.1
    # ... so the gradient that flows back through softmax nearly vanishes.
    assert g_raw < 0.01 * g_scaled
    # Both versions already sum to 1 per row: that is softmax's job, not the scaling's.
    ones = torch.ones(n_q, device=device)
    assert torch.allclose(w_raw.sum(-1), ones) and torch.allclose(w_scaled.sum(-1), ones)


if __name__ == "__main__":
    demo()
