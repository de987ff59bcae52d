"""torch.arange with integer arguments gives int64 (torch.long); linspace gives float32 unless
told otherwise."""

import torch


def answer(*, device="cpu"):
    v = torch.arange(1, 5, device=device)
    print(v, v.dtype)
    assert v.tolist() == [1, 2, 3, 4]
    assert v.dtype == torch.int64 == torch.long
    # One float argument is enough to make it floating point. linspace ignores the arguments'
    # type: the default float dtype, unless dtype= says otherwise.
    assert torch.arange(1.0, 5, device=device).dtype == torch.get_default_dtype()
    assert torch.linspace(1, 5, 5, device=device).dtype == torch.get_default_dtype()
    assert torch.linspace(1, 5, 5, dtype=torch.int64, device=device).dtype == torch.int64
    return str(v.dtype)


if __name__ == "__main__":
    print(answer())
