"""Gradient descent on L = w^2 from w = 1, 20 steps: too small a lr crawls, too large diverges."""

import torch


def run(lr, steps=20, device="cpu"):
    w = torch.tensor(1.0, device=device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    trace = [w.item()]
    for _ in range(steps):
        opt.zero_grad()
        (w**2).backward()
        opt.step()
        trace.append(w.item())
    assert abs(trace[-1] - (1 - 2 * lr) ** steps) < 1e-4 * max(1, abs(trace[-1]))  # w_t = (1-2lr)^t
    return trace


def answer(*, device="cpu"):
    torch.manual_seed(0)
    runs = {lr: run(lr, device=device) for lr in (0.001, 0.4, 0.9, 1.1)}
    for lr, trace in runs.items():
        print(f"lr={lr:<5}: w after 20 steps = {trace[-1]: .4g}, loss = {trace[-1] ** 2:.3g}")

    statements = {
        # A: lr = 0.001 barely moves: w is still above 0.95 after 20 steps.
        "A": runs[0.001][-1] > 0.95,
        # B: lr = 1.1 diverges: |w| grows at every step.
        "B": all(abs(b) > abs(a) for a, b in zip(runs[1.1][:-1], runs[1.1][1:], strict=True)),
        # C: lr = 0.9 flips the sign of w every step and therefore never converges.
        "C": abs(runs[0.9][-1]) > abs(runs[0.9][0]),
        # D: lr = 0.4 ends at a lower loss than lr = 0.9.
        "D": runs[0.4][-1] ** 2 < runs[0.9][-1] ** 2,
        # E: the larger the learning rate, the lower the loss after 20 steps.
        "E": all(
            runs[a][-1] ** 2 > runs[b][-1] ** 2 for a, b in [(0.001, 0.4), (0.4, 0.9), (0.9, 1.1)]
        ),
    }
    # C's premise is real: lr = 0.9 does flip the sign each step, yet |w| shrinks by 0.8.
    assert all(a * b < 0 for a, b in zip(runs[0.9][:-1], runs[0.9][1:], strict=True))
    return [letter for letter, true in statements.items() if true]


if __name__ == "__main__":
    print(answer())
