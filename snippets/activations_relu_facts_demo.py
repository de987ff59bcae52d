"""ReLU: gradient 1 for x > 0 and 0 for x < 0, not zero-centred, never saturates for x > 0."""

import torch


def demo(*, device="cpu"):
    torch.manual_seed(0)
    x = torch.tensor([-3.0, -0.5, 0.5, 3.0, 50.0], device=device, requires_grad=True)
    torch.relu(x).sum().backward()
    print("x        ", x.tolist())
    print("ReLU'(x) ", x.grad.tolist())
    assert x.grad.tolist() == [0.0, 0.0, 1.0, 1.0, 1.0]  # A true, B true

    # D false: sigmoid's gradient dies for large inputs, ReLU's does not.
    s = torch.tensor(50.0, device=device, requires_grad=True)
    torch.sigmoid(s).backward()
    print("σ'(50)   ", s.grad.item(), " <- sigmoid saturates; ReLU'(50) = 1")
    assert s.grad.item() < 1e-20

    # C false: on zero-mean inputs ReLU outputs are all ≥ 0, their mean is about 0.4, not 0.
    z = torch.randn(100_000, device=device)
    mean_relu, mean_tanh = torch.relu(z).mean().item(), torch.tanh(z).mean().item()
    print(f"mean ReLU(z) = {mean_relu:.3f}, mean tanh(z) = {mean_tanh:.3f} for z ~ N(0, 1)")
    assert torch.relu(z).min().item() >= 0 and mean_relu > 0.35 and abs(mean_tanh) < 0.01

    # E true: ReLU is a comparison (max(0, x)); sigmoid needs an exponential.
    assert torch.equal(torch.relu(z), torch.clamp(z, min=0))


if __name__ == "__main__":
    demo()
