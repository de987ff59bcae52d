"""Reference for code-sgd-momentum: one step of torch.optim.SGD with momentum (the ground
truth), started from a given velocity, with PyTorch's update rule checked next to it."""

import random

import torch


def answer(
    w=(1.0, -2.0), grad=(0.5, 0.5), velocity=(0.0, 0.0), lr=0.1, momentum=0.9, *, device="cpu"
):
    param = torch.nn.Parameter(torch.as_tensor(w, dtype=torch.float32, device=device).clone())
    param.grad = torch.as_tensor(grad, dtype=torch.float32, device=device).clone()
    opt = torch.optim.SGD([param], lr=lr, momentum=momentum)
    # SGD keeps the velocity in its state as "momentum_buffer": start from the given one.
    opt.state[param]["momentum_buffer"] = torch.as_tensor(
        velocity, dtype=torch.float32, device=device
    ).clone()
    opt.step()
    return param.detach(), opt.state[param]["momentum_buffer"]


def prepare(case, *, device="cpu"):
    args = {
        k: torch.tensor(case[k], dtype=torch.float32, device=device)
        for k in ("w", "grad", "velocity")
    }
    args.update(lr=float(case["lr"]), momentum=float(case["momentum"]))
    return args


def random_case(rng: random.Random):
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    n = rng.randint(1, 6)
    first_step = rng.random() < 0.2
    velocity = torch.zeros(n) if first_step else torch.randn(n, generator=g)
    return {
        "w": torch.randn(n, generator=g).tolist(),
        "grad": torch.randn(n, generator=g).tolist(),
        "velocity": velocity.tolist(),
        "lr": rng.choice([0.01, 0.1, 0.5]),
        "momentum": rng.choice([0.5, 0.9, 0.99]),
    }


if __name__ == "__main__":
    rng = random.Random("code-sgd-momentum")
    for _ in range(50):
        a = prepare(random_case(rng))
        w, v = answer(**a)
        v_hand = a["momentum"] * a["velocity"] + a["grad"]  # v <- mu * v + g
        assert torch.allclose(v, v_hand, atol=1e-6)
        assert torch.allclose(w, a["w"] - a["lr"] * v_hand, atol=1e-6)  # w <- w - lr * v
    # Three steps on a constant gradient: the velocity grows 1, 1.9, 2.71 (towards 1/(1-mu)).
    w, v = torch.zeros(1), torch.zeros(1)
    for expected in (1.0, 1.9, 2.71):
        w, v = answer(w, torch.ones(1), v, 0.1, 0.9)
        assert abs(v.item() - expected) < 1e-6
    print(answer())
