"""No single threshold unit gets more than 3 of the 4 XOR points right: a brute-force search."""

import torch


def answer(steps=41, *, device="cpu"):
    torch.manual_seed(0)
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], device=device)
    t = torch.tensor([0.0, 1.0, 1.0, 0.0], device=device)  # XOR
    # Every (w1, w2, theta) on a grid over [-2, 2]^3: steps^3 candidate perceptrons at once.
    g = torch.linspace(-2, 2, steps, device=device)
    w1, w2, theta = torch.meshgrid(g, g, g, indexing="ij")
    w = torch.stack([w1.flatten(), w2.flatten()], dim=1)  # (steps^3, 2)
    z = w @ x.T - theta.flatten()[:, None]  # (steps^3, 4)
    y = (z >= 0).float()
    acc = (y == t).float().mean(dim=1)
    best = acc.max().item()
    # The same search on AND finds a perfect perceptron, so the grid is not the problem.
    t_and = torch.tensor([0.0, 0.0, 0.0, 1.0], device=device)
    assert (y == t_and).float().mean(dim=1).max().item() == 1.0
    print(f"{w.shape[0]:,} perceptrons tried: best XOR accuracy {best}, best AND accuracy 1.0")
    assert best == 0.75
    return best


if __name__ == "__main__":
    print(answer())
