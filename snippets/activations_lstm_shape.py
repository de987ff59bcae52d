"""Shapes of what nn.LSTM returns: output (L, N, H), h_n and c_n (num_layers, N, H)."""

import torch
from torch import nn


def answer(seq=5, batch=8, what="output", *, device="cpu"):
    torch.manual_seed(0)
    lstm = nn.LSTM(input_size=100, hidden_size=128, num_layers=2, device=device)
    x = torch.randn(seq, batch, 100, device=device)  # batch_first=False: (L, N, input_size)
    with torch.no_grad():
        output, (h_n, c_n) = lstm(x)
    assert output.shape == (seq, batch, 128)  # the top layer's h at every time step
    assert h_n.shape == c_n.shape == (2, batch, 128)  # every layer's last h and c
    assert torch.allclose(output[-1], h_n[-1])  # the last step of output is the top h_n
    return list({"output": output, "h_n": h_n, "c_n": c_n}[what].shape)


def mistake_batch_first(seq=5, batch=8, what="output"):
    """The batch put first, as batch_first=True would."""
    if what == "output":
        return None if batch == seq else [batch, seq, 128]
    return None if batch == 2 else [batch, 2, 128]


def mistake_every_step(seq=5, batch=8, what="output"):
    """h_n or c_n taken to hold every time step, as output does."""
    return None if what == "output" or seq == 2 else [seq, batch, 128]


if __name__ == "__main__":
    for w in ("output", "h_n", "c_n"):
        print(w, answer(5, 8, w))
