"""Adam's bias-corrected first moment after gradients 2 then 4, read from optimizer.state."""

import torch


def answer(g1=2.0, g2=4.0, beta1=0.9, beta2=0.999, *, device="cpu"):
    torch.manual_seed(0)
    w = torch.zeros((), device=device, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.01, betas=(beta1, beta2))
    for g in (g1, g2):
        w.grad = torch.tensor(g, device=device)  # set the gradient directly
        opt.step()
    state = opt.state[w]
    t = int(state["step"])
    m = state["exp_avg"].item()
    v = state["exp_avg_sq"].item()
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    print(f"t={t}: m={m:.4f}, m_hat={m_hat:.4f}, v={v:.6f}, v_hat={v_hat:.4f}")

    # The same numbers by hand: m2 = b1*(1-b1)*g1 + (1-b1)*g2, corrected by 1 - b1^2.
    m_hand = beta1 * (1 - beta1) * g1 + (1 - beta1) * g2
    assert t == 2
    assert abs(m - m_hand) < 1e-6
    assert abs(m_hat - m_hand / (1 - beta1**2)) < 1e-5
    return round(m_hat, 4)


if __name__ == "__main__":
    print(answer())
