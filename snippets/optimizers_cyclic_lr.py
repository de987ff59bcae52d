"""CyclicLR (triangular): the learning rate climbs from base_lr to max_lr and back."""

import math

import torch
from torch.optim.lr_scheduler import CyclicLR


def answer(k=2, base_lr=0.001, max_lr=0.006, step_size_up=5, *, device="cpu"):
    torch.manual_seed(0)
    w = torch.zeros(1, device=device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=base_lr, momentum=0.9)
    sched = CyclicLR(
        opt, base_lr=base_lr, max_lr=max_lr, step_size_up=step_size_up, mode="triangular"
    )
    for _ in range(k):  # one scheduler.step() per batch
        opt.step()
        sched.step()
    current = opt.param_groups[0]["lr"]

    # The triangular wave by hand (Smith, 2017): period 2*step_size_up.
    cycle = math.floor(1 + k / (2 * step_size_up))
    x = abs(k / step_size_up - 2 * cycle + 1)
    expected = base_lr + (max_lr - base_lr) * max(0.0, 1 - x)
    assert abs(current - expected) < 1e-9, (current, expected)
    return round(current, 9)


if __name__ == "__main__":
    print([round(answer(k), 4) for k in range(0, 16)])
