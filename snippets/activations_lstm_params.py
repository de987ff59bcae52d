"""Parameters of nn.LSTM: per layer 4 blocks of (W_ih, W_hh, b_ih, b_hh), counted by PyTorch."""

from torch import nn


def answer(input_size=100, hidden_size=128, num_layers=2, *, device="cpu"):
    lstm = nn.LSTM(input_size, hidden_size, num_layers=num_layers, device=device)
    counted = sum(p.numel() for p in lstm.parameters())
    h = hidden_size
    by_hand = 0
    for layer in range(num_layers):
        inp = input_size if layer == 0 else h  # layer 2 reads layer 1's hidden state
        by_hand += 4 * (h * inp + h * h + 2 * h)  # i, f, g, o: W_ih, W_hh and two biases
    assert counted == by_hand
    assert lstm.weight_ih_l0.shape == (4 * h, input_size)
    return counted


def _count(input_size, hidden_size, num_layers, *, blocks=4, biases=2, deeper_input=None):
    """4 * (h * in + h * h + 2h) per layer, with the slips below as options."""
    total, size = 0, input_size
    for _ in range(num_layers):
        total += blocks * (hidden_size * size + hidden_size * hidden_size + biases * hidden_size)
        size = hidden_size if deeper_input is None else deeper_input
    return total


def mistake_one_block(input_size=100, hidden_size=128, num_layers=2):
    """One block of weights per layer, a plain RNN's, instead of the LSTM's four."""
    return _count(input_size, hidden_size, num_layers, blocks=1)


def mistake_one_bias(input_size=100, hidden_size=128, num_layers=2):
    """One bias vector per block, where PyTorch keeps b_ih and b_hh."""
    return _count(input_size, hidden_size, num_layers, biases=1)


def mistake_deeper_input(input_size=100, hidden_size=128, num_layers=2):
    """The second layer read as taking input_size features instead of hidden_size."""
    if num_layers == 1 or input_size == hidden_size:
        return None
    return _count(input_size, hidden_size, num_layers, deeper_input=input_size)


if __name__ == "__main__":
    print("nn.LSTM(input_size=100, hidden_size=128, num_layers=2):", answer())
