"""Tries each (w1, w2, theta) choice on the whole truth table; returns the one computing AND."""

import torch
from torch import nn

# The choices of the question, in YAML order.
CHOICES = {
    "A": (1.0, 1.0, 0.5),
    "B": (1.0, 1.0, 1.5),
    "C": (1.0, 1.0, 2.5),
    "D": (1.0, -1.0, 0.5),
}
INPUTS = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
GATES = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NEVER": [0, 0, 0, 0],
    "x1 AND NOT x2": [0, 0, 1, 0],
}


def truth_table(w1, w2, theta, device):
    neuron = nn.Linear(2, 1, device=device)
    with torch.no_grad():
        neuron.weight.copy_(torch.tensor([[w1, w2]], device=device))
        neuron.bias.fill_(-theta)
        z = neuron(torch.tensor(INPUTS, device=device)).flatten()
    return [int(v) for v in torch.heaviside(z, torch.ones_like(z)).tolist()]


def answer(gate="AND", *, device="cpu"):
    torch.manual_seed(0)
    found = {letter: truth_table(*wt, device) for letter, wt in CHOICES.items()}
    for letter, table in found.items():
        name = next((g for g, t in GATES.items() if t == table), "?")
        print(f"{letter} (w1, w2, theta) = {CHOICES[letter]}: {table} -> {name}")
    matches = [letter for letter, table in found.items() if table == GATES[gate]]
    assert len(matches) == 1
    return matches[0]


if __name__ == "__main__":
    print(answer())
