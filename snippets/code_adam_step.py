"""Reference for code-adam-step: one step of torch.optim.Adam (the ground truth), resumed
from given moments and step count, with the textbook update checked next to it."""

import random

import torch


def answer(
    w=(1.0, -1.0),
    grad=(0.1, -0.2),
    m=(0.0, 0.0),
    v=(0.0, 0.0),
    t=1,
    lr=0.001,
    beta1=0.9,
    beta2=0.999,
    eps=1e-8,
    *,
    device="cpu",
):
    def f32(values):
        return torch.as_tensor(values, dtype=torch.float32, device=device).clone()

    param = torch.nn.Parameter(f32(w))
    param.grad = f32(grad)
    opt = torch.optim.Adam([param], lr=lr, betas=(beta1, beta2), eps=eps)
    # Resume Adam's state: t - 1 steps already taken, with moments m and v.
    opt.state[param] = {"step": torch.tensor(float(t - 1)), "exp_avg": f32(m), "exp_avg_sq": f32(v)}
    opt.step()
    state = opt.state[param]
    return param.detach(), state["exp_avg"], state["exp_avg_sq"]


def prepare(case, *, device="cpu"):
    args = {
        k: torch.tensor(case[k], dtype=torch.float32, device=device)
        for k in ("w", "grad", "m", "v")
    }
    args["t"] = int(case["t"])
    for k in ("lr", "beta1", "beta2", "eps"):
        if k in case:
            args[k] = float(case[k])
    return args


def random_case(rng: random.Random):
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    n = rng.randint(1, 6)
    t = rng.choice([1, 1, 2, 3, 5, 10, 50])
    m = torch.zeros(n) if t == 1 else torch.randn(n, generator=g) * 0.1
    v = torch.zeros(n) if t == 1 else torch.rand(n, generator=g) * 0.01 + 1e-4
    return {
        "w": torch.randn(n, generator=g).tolist(),
        "grad": (torch.randn(n, generator=g) * rng.choice([0.01, 1.0, 10.0])).tolist(),
        "m": m.tolist(),
        "v": v.tolist(),
        "t": t,
        "lr": rng.choice([0.001, 0.01, 0.1]),
    }


if __name__ == "__main__":
    rng = random.Random("code-adam-step")
    for _ in range(50):
        a = prepare(random_case(rng))
        w, m, v = answer(**a)
        g, t, lr = a["grad"], a["t"], a["lr"]
        m_hand = 0.9 * a["m"] + 0.1 * g  # first moment: a moving average of g
        v_hand = 0.999 * a["v"] + 0.001 * g * g  # second moment: of g squared
        m_hat, v_hat = m_hand / (1 - 0.9**t), v_hand / (1 - 0.999**t)  # bias correction
        w_hand = a["w"] - lr * m_hat / (torch.sqrt(v_hat) + 1e-8)
        assert torch.allclose(m, m_hand, atol=1e-7) and torch.allclose(v, v_hand, atol=1e-9)
        assert torch.allclose(w, w_hand, atol=1e-6, rtol=1e-5)
    w, _, _ = answer()
    print(w)  # the first step moves each weight by about lr, whatever the gradient's size
