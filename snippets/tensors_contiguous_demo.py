"""Contiguity: a transpose is a view with swapped strides; view() needs compatible strides."""

import torch


def demo(*, device="cpu"):
    x = torch.arange(6, device=device).reshape(2, 3)
    y = x.t()
    # Row-major ("contiguous") storage: stepping along the last dimension moves 1 element.
    print("x", tuple(x.shape), "stride", x.stride(), "contiguous:", x.is_contiguous())
    print("y = x.t()", tuple(y.shape), "stride", y.stride(), "contiguous:", y.is_contiguous())
    assert x.stride() == (3, 1) and y.stride() == (1, 3)
    assert y.data_ptr() == x.data_ptr()  # same memory, read in another order
    try:
        y.view(-1)
    except RuntimeError as exc:
        print("y.view(-1) -> RuntimeError:", str(exc).splitlines()[0])
    else:
        raise AssertionError("view should refuse a non-contiguous transpose")
    z = y.contiguous()  # copies y's elements into a fresh row-major block
    assert z.is_contiguous() and z.stride() == (2, 1) and z.data_ptr() != x.data_ptr()
    assert x.contiguous() is x  # already contiguous: returned as is, no copy
    print("y.contiguous().view(-1) ->", z.view(-1).tolist())
    assert z.view(-1).tolist() == [0, 3, 1, 4, 2, 5]
    # permute behaves the same way as t().
    p = torch.zeros(2, 4, 5, 3, device=device).permute(0, 3, 1, 2)
    assert not p.is_contiguous() and p.reshape(2, -1).shape == (2, 60)


if __name__ == "__main__":
    demo()
