"""tanh is a rescaled sigmoid: zero-centred, range (−1, 1), derivative peak 1, but it saturates."""

import torch


def demo(*, device="cpu"):
    torch.manual_seed(0)
    x = torch.linspace(-6, 6, 1201, dtype=torch.float64, device=device, requires_grad=True)
    # tanh(x) = 2σ(2x) − 1
    assert torch.allclose(torch.tanh(x), 2 * torch.sigmoid(2 * x) - 1)

    (g_tanh,) = torch.autograd.grad(torch.tanh(x).sum(), x)
    (g_sig,) = torch.autograd.grad(torch.sigmoid(x).sum(), x)
    print(f"peak tanh'  = {g_tanh.max().item():.4f}   peak σ' = {g_sig.max().item():.4f}")
    assert abs(g_tanh.max().item() - 1.0) < 1e-12 and abs(g_sig.max().item() - 0.25) < 1e-12

    # Both saturate: at |x| = 5 the gradients are tiny, so B and C are wrong.
    i5 = int((x - 5).abs().argmin())
    print(f"tanh'(5) = {g_tanh[i5].item():.2e}   σ'(5) = {g_sig[i5].item():.2e}")
    assert g_tanh[i5].item() < 1e-3 and g_sig[i5].item() < 1e-2

    # Zero-centred outputs (A) vs probabilities in (0, 1) (D): averages on symmetric inputs.
    z = torch.randn(100_000, dtype=torch.float64, device=device)
    print(
        f"mean tanh(z) = {torch.tanh(z).mean().item():+.3f}   "
        f"mean σ(z) = {torch.sigmoid(z).mean().item():.3f}"
    )
    assert abs(torch.tanh(z).mean().item()) < 0.01
    assert abs(torch.sigmoid(z).mean().item() - 0.5) < 0.01
    assert torch.tanh(z).min().item() < 0  # tanh outputs are not probabilities


if __name__ == "__main__":
    demo()
