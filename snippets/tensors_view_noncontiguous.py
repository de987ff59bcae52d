"""x.t() shares x's memory with swapped strides: .view() refuses it, .reshape() copies."""

import torch

CANDIDATES = {
    "A": "RuntimeError",
    "B": "tensor([0, 3, 1, 4, 2, 5])",
    "C": "tensor([0, 1, 2, 3, 4, 5])",
    # "D", a warning and a silent copy, is not something view() ever does.
}


def answer(*, device="cpu"):
    x = torch.arange(6, device=device).reshape(2, 3)
    y = x.t()
    print("x.stride() =", x.stride(), " y.stride() =", y.stride())
    assert y.data_ptr() == x.data_ptr()  # the transpose is a view: no data was copied
    assert x.is_contiguous() and not y.is_contiguous()
    try:
        outcome = str(y.view(6).cpu())
    except RuntimeError as exc:
        print("y.view(6) -> RuntimeError:", str(exc).splitlines()[0])
        outcome = "RuntimeError"
    # What works instead: reshape copies when it must, and so does contiguous() + view.
    flat = y.reshape(6)
    assert flat.tolist() == [0, 3, 1, 4, 2, 5]  # y's elements in y's row order
    assert flat.data_ptr() != x.data_ptr()  # a copy this time
    assert torch.equal(y.contiguous().view(6), flat)
    print("y.reshape(6) ->", flat.tolist())
    matches = [k for k, v in CANDIDATES.items() if v == outcome]
    assert len(matches) == 1, outcome
    return matches[0]


if __name__ == "__main__":
    print(answer())
