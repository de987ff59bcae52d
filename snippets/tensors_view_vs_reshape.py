"""Which calls flatten a transposed (non-contiguous) 4x3 tensor, tried one by one."""

import torch

CALLS = {
    "A": lambda y: y.view(12),
    "B": lambda y: y.reshape(12),
    "C": lambda y: y.contiguous().view(12),
    "D": lambda y: y.flatten(),
    "E": lambda y: y.view(-1),
    "F": lambda y: y.t().view(12),
}


def answer(*, device="cpu"):
    x = torch.arange(12, device=device).reshape(3, 4)
    y = x.t()  # shape (4, 3), strides (1, 4): not contiguous
    assert not y.is_contiguous()
    working = []
    for letter, call in CALLS.items():
        try:
            out = call(y)
        except RuntimeError as exc:
            print(letter, "-> RuntimeError:", str(exc).splitlines()[0][:60], "...")
            continue
        print(letter, "->", out.tolist())
        assert out.shape == (12,)
        working.append(letter)
    # y.t() is x again, contiguous, so view works on it and gives x's order, not y's.
    assert y.t().view(12).tolist() == list(range(12))
    assert y.reshape(12).tolist() == [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]
    return working


if __name__ == "__main__":
    print(answer())
