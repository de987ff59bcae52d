"""StepLR multiplies the learning rate by gamma every step_size epochs."""

import torch
from torch.optim.lr_scheduler import StepLR


def answer(step_size=10, gamma=0.1, epoch=25, lr=0.1, *, device="cpu"):
    torch.manual_seed(0)
    w = torch.zeros(1, device=device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    sched = StepLR(opt, step_size=step_size, gamma=gamma)
    for _ in range(epoch):  # epochs 0 .. epoch-1, each ending with scheduler.step()
        opt.step()
        sched.step()
    current = opt.param_groups[0]["lr"]
    assert abs(current - lr * gamma ** (epoch // step_size)) <= 1e-9 * lr  # formula agrees
    return current


def mistake_extra_decay(step_size=10, gamma=0.1, epoch=25, lr=0.1):
    """One decay too many: counts epochs from 1, or decays at the start of a period."""
    return lr * gamma ** (epoch // step_size + 1)


def mistake_every_epoch(step_size=10, gamma=0.1, epoch=25, lr=0.1):
    """Decays once every epoch instead of every step_size epochs."""
    return None if epoch // step_size == epoch else lr * gamma**epoch


if __name__ == "__main__":
    for e in (0, 9, 10, 25):
        print(f"StepLR(step_size=10, gamma=0.1), lr=0.1: epoch {e} uses {answer(epoch=e):.6g}")
