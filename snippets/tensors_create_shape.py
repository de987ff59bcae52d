"""Which creation calls give a 2x3 tensor? Each candidate is built and its shape read back."""

import torch

CANDIDATES = {
    "A": lambda device: torch.ones(2, 3, device=device),
    "B": lambda device: torch.tensor([2, 3], device=device),
    "C": lambda device: torch.zeros((2, 3), dtype=torch.long, device=device),
    "D": lambda device: torch.rand(2, 3, device=device),
    "E": lambda device: torch.empty(3, 2, device=device),
    "F": lambda device: torch.tensor([[1, 2, 3], [4, 5, 6]], device=device),
}


def answer(*, device="cpu"):
    torch.manual_seed(0)
    right = []
    for letter, make in CANDIDATES.items():
        t = make(device)
        print(f"{letter}: shape {tuple(t.shape)}, dtype {t.dtype}")
        if t.shape == (2, 3):
            right.append(letter)
    # torch.tensor(data) copies *values*: [2, 3] is a vector holding the numbers 2 and 3.
    assert CANDIDATES["B"](device).tolist() == [2, 3]
    assert CANDIDATES["C"](device).dtype == torch.int64
    return right


if __name__ == "__main__":
    print(answer())
