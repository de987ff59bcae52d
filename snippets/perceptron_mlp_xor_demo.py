"""XOR: a linear model (even a smooth sigmoid one) learns nothing; one hidden layer gets 100 %."""

import torch
from torch import nn

X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
T = torch.tensor([[0.0], [1.0], [1.0], [0.0]])  # XOR


def train(model, x, t, steps=1000, lr=0.5):
    """Full-batch gradient descent on the cross-entropy (sigmoid output), by hand."""
    loss_fn = nn.BCEWithLogitsLoss()
    for _ in range(steps):
        loss = loss_fn(model(x), t)
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
    with torch.no_grad():
        prob = torch.sigmoid(model(x)).flatten()
    acc = ((prob > 0.5).float() == t.flatten()).float().mean().item()
    return prob.cpu(), acc, loss.item()


def demo(*, device="cpu"):
    torch.set_num_threads(1)  # tiny tensors: threads only add overhead
    x, t = X.to(device), T.to(device)
    torch.manual_seed(0)
    # logistic regression: sigmoid(w.x + b), smooth and differentiable
    linear = nn.Linear(2, 1).to(device)
    prob_lin, acc_lin, loss_lin = train(linear, x, t)
    torch.manual_seed(0)
    mlp = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)  # one hidden layer
    prob_mlp, acc_mlp, loss_mlp = train(mlp, x, t)
    print("targets          :", T.flatten().tolist())
    lin = [round(p, 3) for p in prob_lin.tolist()]
    two = [round(p, 3) for p in prob_mlp.tolist()]
    print(f"linear  P(y = 1) : {lin}  loss {loss_lin:.3f} (ln 2 = 0.693)")
    print(f"2-layer P(y = 1) : {two}  loss {loss_mlp:.3f}")
    # No line separates XOR, so the best compromise of the linear model is w = 0: P = 0.5 for every
    # point and loss ln 2, i.e. it learns nothing. With a hidden layer all 4 points come out right.
    assert (prob_lin - 0.5).abs().max().item() < 0.02 and loss_lin > 0.69 and acc_lin <= 0.75
    assert acc_mlp == 1.0 and loss_mlp < 0.1


if __name__ == "__main__":
    demo()
