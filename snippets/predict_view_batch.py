import torch
from torch import nn


class Net(nn.Module):
    """LeNet-style, with the classifier sized for 32×32 inputs."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(16 * 5 * 5, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        return self.fc(x)


net = Net()
mnist_batch = torch.zeros(25, 1, 28, 28)
print(net(mnist_batch).shape)
