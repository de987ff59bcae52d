"""quiz: spaced-repetition exam prep for deep learning, with answers proved by PyTorch.

Importing this package is cheap: torch is imported only in the child process that runs a
snippet, so `quiz --help` and the first card of a review never wait for it.
"""

__version__ = "0.1.0"
