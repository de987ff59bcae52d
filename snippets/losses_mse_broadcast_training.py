"""The notes' regression loop: with (N, 1) outputs vs (N,) targets the net learns the mean."""

import warnings

import torch
from torch import nn

CANDIDATES = {
    "A": "predicts the mean",  # the same value for every input
    "B": "learns the function",
    "C": "error",
}


def train(fix, device, steps=150):
    torch.manual_seed(0)
    inputs = torch.randn(100, 3, device=device)
    targets = 2 * inputs[:, 0] + 3 * inputs[:, 1] - inputs[:, 2] + 0.5  # shape (100,)
    model = nn.Sequential(  # the notes' SimpleNet: 3 → 32 → 16 → 1
        nn.Linear(3, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1)
    ).to(device)
    criterion = nn.MSELoss()
    # lr 0.01 instead of the notes' 0.001, so that the fixed loop converges in 150 steps.
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    losses = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(steps):
            optimizer.zero_grad()
            outputs = model(inputs)  # shape (100, 1)
            loss = criterion(outputs.squeeze(1) if fix else outputs, targets)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    with torch.no_grad():
        pred = model(inputs).squeeze(1)
    return pred, targets, len(caught), losses


def answer(*, device="cpu"):
    pred, targets, warned, losses = train(fix=False, device=device)
    variance = targets.var(unbiased=False).item()
    print(
        f"as in the notes: loss {losses[0]:.3f} -> {losses[-1]:.3f}, "
        f"the variance of the targets is {variance:.3f}"
    )
    assert losses[-1] < losses[0] and abs(losses[-1] - variance) < 0.01  # it did "go down"
    print(
        f"as in the notes: prediction std {pred.std().item():.3f} "
        f"(targets {targets.std().item():.3f}), prediction mean {pred.mean().item():.3f} "
        f"(targets {targets.mean().item():.3f}), {warned} warnings, no error"
    )
    fixed, _, fixed_warned, _ = train(fix=True, device=device)
    fixed_mse = ((fixed - targets) ** 2).mean().item()
    print(f"with outputs.squeeze(1): per-sample MSE {fixed_mse:.4f}, {fixed_warned} warnings")
    assert warned > 0 and fixed_warned == 0 and fixed_mse < 0.1
    flat = pred.std().item() < 0.05 * targets.std().item()
    at_mean = abs(pred.mean().item() - targets.mean().item()) < 0.05
    outcome = "predicts the mean" if flat and at_mean else "learns the function"
    return next(k for k, v in CANDIDATES.items() if v == outcome)


if __name__ == "__main__":
    print(answer())
