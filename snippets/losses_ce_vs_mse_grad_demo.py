"""CE sends p − y to the logits; MSE through a sigmoid fades when confidently wrong."""

import torch
import torch.nn.functional as F


def demo(*, device="cpu"):
    torch.manual_seed(0)
    # Softmax + cross-entropy: ∂L/∂z = softmax(z) − onehot(y), never squashed by a σ' factor.
    z = torch.randn(1, 5, dtype=torch.float64, device=device, requires_grad=True)
    y = torch.tensor([3], device=device)
    F.cross_entropy(z, y).backward()
    expected = torch.softmax(z, dim=1) - F.one_hot(y, 5).to(z.dtype)
    assert torch.allclose(z.grad, expected)

    # One sigmoid output, label 1, but the model is confidently wrong: z = −6, p ≈ 0.0025.
    for name, loss_fn in [
        ("BCE", lambda p: F.binary_cross_entropy(p, torch.ones_like(p))),
        ("MSE", lambda p: F.mse_loss(p, torch.ones_like(p))),
    ]:
        s = torch.tensor([-6.0], dtype=torch.float64, device=device, requires_grad=True)
        p = torch.sigmoid(s)
        loss_fn(p).backward()
        print(f"{name}: loss {loss_fn(p).item():.4f}, dL/dz = {s.grad.item():+.5f}")
        if name == "BCE":
            assert abs(s.grad.item() - (p.item() - 1)) < 1e-12  # p − y ≈ −1: a strong push
        else:
            sp = p.item() * (1 - p.item())  # σ'(z) ≈ 0.0025
            assert abs(s.grad.item() - 2 * (p.item() - 1) * sp) < 1e-12
            assert abs(s.grad.item()) < 0.01  # about 200× weaker: learning stalls


if __name__ == "__main__":
    demo()
