"""An LSTM cell by hand, gate by gate, matches nn.LSTMCell: forget, input, output (+ candidate)."""

import torch
from torch import nn


def demo(*, device="cpu"):
    torch.manual_seed(0)
    cell = nn.LSTMCell(input_size=5, hidden_size=3).to(device)
    x = torch.randn(2, 5, device=device)
    h0, c0 = torch.randn(2, 3, device=device), torch.randn(2, 3, device=device)
    with torch.no_grad():
        h1, c1 = cell(x, (h0, c0))
        # The weights stack four blocks of hidden_size rows each, in the order i, f, g, o.
        assert cell.weight_ih.shape == (4 * 3, 5) and cell.weight_hh.shape == (4 * 3, 3)
        z = x @ cell.weight_ih.t() + cell.bias_ih + h0 @ cell.weight_hh.t() + cell.bias_hh
        zi, zf, zg, zo = z.chunk(4, dim=1)
        i = torch.sigmoid(zi)  # input gate: how much of the new candidate to write
        f = torch.sigmoid(zf)  # forget gate: how much of the old cell state to keep
        g = torch.tanh(zg)  # candidate values (not a gate: tanh, range −1..1)
        o = torch.sigmoid(zo)  # output gate: how much of the cell state to show as h
        c = f * c0 + i * g  # the cell state is updated by addition
        h = o * torch.tanh(c)
    assert torch.allclose(c, c1, atol=1e-6) and torch.allclose(h, h1, atol=1e-6)
    print("hand-written gates reproduce nn.LSTMCell: c", [round(v, 4) for v in c[0].tolist()])
    # The three gates are sigmoids: every entry between 0 and 1, a soft on/off switch.
    for gate in (i, f, o):
        assert torch.all((gate > 0) & (gate < 1))
    # A GRU, by contrast, has 3 blocks: reset and update gates plus the candidate.
    gru = nn.GRUCell(5, 3).to(device)
    assert gru.weight_ih.shape == (3 * 3, 5)


if __name__ == "__main__":
    demo()
