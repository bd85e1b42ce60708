"""Toy problems small enough to train inside a page (the XOR perceptron vs a hidden layer)."""
