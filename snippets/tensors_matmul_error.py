"""m is 2x4, v has 4 elements: which product fails because the inner sizes differ?"""

import torch

CANDIDATES = {
    "A": lambda m, v: m @ v,
    "B": lambda m, v: m.t() @ v,
    "C": lambda m, v: v @ m.t(),
    "D": lambda m, v: m @ m.t(),
}


def answer(*, device="cpu"):
    torch.manual_seed(0)
    m = torch.rand(2, 4, device=device)
    v = torch.rand(4, device=device)
    failing = []
    for letter, op in CANDIDATES.items():
        try:
            print(letter, "->", tuple(op(m, v).shape))
        except RuntimeError as exc:
            print(letter, "-> RuntimeError:", str(exc).splitlines()[0])
            failing.append(letter)
    assert failing == ["B"]
    return failing[0]


if __name__ == "__main__":
    print(answer())
