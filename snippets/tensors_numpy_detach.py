"""A tensor that requires grad must be detached before .numpy(); detach shares memory."""

import torch

try:
    import numpy as np
except ImportError as exc:  # a proof that cannot run must fail, never pass as if it had
    raise ImportError(
        "NumPy is not installed, so the .numpy() calls this proof is about cannot run; "
        "install it (pip install numpy) and run the snippet again"
    ) from exc


def demo(*, device="cpu"):
    w = torch.ones(3, requires_grad=True, device=device)
    y = w * 2
    assert y.requires_grad and y.grad_fn is not None  # y is part of the graph

    d = y.detach()
    assert not d.requires_grad and d.grad_fn is None  # cut off from the graph
    assert d.data_ptr() == y.data_ptr()  # no copy: same memory as y
    print("y              ", y)
    print("y.detach()     ", d)

    # The refusal is about requires_grad, for a leaf (w) as much as for a result (y). It is
    # checked on CPU tensors so that a GPU run proves the same thing, not a device error.
    for name, t in (("y", y.cpu()), ("w", w.cpu())):
        assert t.requires_grad
        try:
            t.numpy()
        except RuntimeError as exc:
            print(f"{name}.numpy()      -> RuntimeError: {exc}")
            assert "requires grad" in str(exc)
        else:
            raise AssertionError(f"{name}.numpy() should refuse a tensor that requires grad")

    if y.device.type != "cpu":  # NumPy arrays live in host memory: .cpu() is not optional
        try:
            d.numpy()
        except TypeError as exc:
            print(f"y.detach().numpy() on {y.device.type} -> TypeError: {exc}")
        else:
            raise AssertionError("numpy() should refuse a tensor that is not on the CPU")

    arr = y.detach().cpu().numpy()
    print("detach().cpu().numpy() ->", arr.tolist())
    assert isinstance(arr, np.ndarray) and arr.tolist() == [2.0, 2.0, 2.0]
    if y.device.type == "cpu":
        assert np.shares_memory(arr, d.numpy())  # a view of the tensor's memory, no copy
        d.mul_(10)  # so an in-place change to the tensor shows in the array
        assert arr.tolist() == [20.0, 20.0, 20.0]
    else:
        d.mul_(10)  # .cpu() copied: the array keeps the old values
        assert arr.tolist() == [2.0, 2.0, 2.0]


if __name__ == "__main__":
    demo()
