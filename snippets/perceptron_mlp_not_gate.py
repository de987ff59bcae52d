"""Checks which (w, theta) pairs make a one-input step neuron compute NOT x."""

import torch
from torch import nn

# The choices of the question, in YAML order: (w, theta).
CHOICES = {
    "A": (-1.0, -0.5),
    "B": (-1.0, 0.5),
    "C": (1.0, 0.5),
    "D": (-2.0, -1.0),
    "E": (-1.0, -1.5),
}


def answer(*, device="cpu"):
    torch.manual_seed(0)
    x = torch.tensor([[0.0], [1.0]], device=device)
    right = []
    for letter, (w, theta) in CHOICES.items():
        neuron = nn.Linear(1, 1, device=device)
        with torch.no_grad():
            neuron.weight.fill_(w)
            neuron.bias.fill_(-theta)
            z = neuron(x).flatten()
        y = [int(v) for v in torch.heaviside(z, torch.ones_like(z)).tolist()]
        print(f"{letter} w = {w:+}, theta = {theta:+}: z = {z.tolist()} -> y(0), y(1) = {y}")
        if y == [1, 0]:
            right.append(letter)
    return right


if __name__ == "__main__":
    print(answer())
