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


if __name__ == "__main__":
    print("nn.LSTM(input_size=100, hidden_size=128, num_layers=2):", answer())
