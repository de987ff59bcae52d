"""Adam's m and v start at 0, so early estimates are too small; 1 - beta^t undoes that."""

import torch


def demo(*, device="cpu"):
    lr, b1, b2 = 0.1, 0.9, 0.999
    for g in (0.01, 5.0):
        w = torch.zeros((), device=device, requires_grad=True)
        opt = torch.optim.Adam([w], lr=lr, betas=(b1, b2))
        w.grad = torch.tensor(g, device=device)
        opt.step()
        state = opt.state[w]
        m, v = state["exp_avg"].item(), state["exp_avg_sq"].item()
        m_hat, v_hat = m / (1 - b1), v / (1 - b2)
        step = -w.item()
        raw_step = lr * m / v**0.5  # what an uncorrected Adam would do
        print(
            f"g={g}: m1={m:.6g} (= 0.1*g), m1_hat={m_hat:.6g} (= g), "
            f"v1={v:.6g}, v1_hat={v_hat:.6g} (= g^2); step {step:.4f}, "
            f"uncorrected {raw_step:.4f}"
        )
        assert abs(m - (1 - b1) * g) < 1e-6 * max(1, g)  # biased towards 0 by a factor 10
        assert abs(m_hat - g) < 1e-5 * max(1, g)  # the correction recovers g
        assert abs(v_hat - g * g) < 1e-4 * max(1, g * g)
        assert abs(step - lr) < 1e-4  # first step is lr, whatever the gradient's size
        assert abs(raw_step / lr - (1 - b1) / (1 - b2) ** 0.5) < 1e-3  # about 3.16 * lr

    # The factor 1 / (1 - beta1^t) fades to 1: it only matters in the first steps.
    factors = [1 / (1 - b1**t) for t in (1, 2, 10, 50)]
    print("1/(1 - 0.9^t) for t = 1, 2, 10, 50:", [round(f, 3) for f in factors])
    assert factors[0] > 9.99 and factors[-1] < 1.01


if __name__ == "__main__":
    demo()
