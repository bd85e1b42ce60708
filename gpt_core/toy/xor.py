"""XOR: a single perceptron cannot separate it, one hidden layer can (question 22).

Both models are trained full-batch on the four points by plain gradient descent on the binary cross-entropy,
with the gradients written out (numpy: four points train in milliseconds, inside a page run).
"""
from __future__ import annotations

import numpy as np

POINTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)  # [4, 2]
LABELS = np.array([0, 1, 1, 0], dtype=np.float64)  # XOR of the two inputs


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def xor_logit(weights: dict, x) -> np.ndarray:
    """The logit [N] of class 1 for inputs x [N, 2]: x·w + b (perceptron) or tanh(x W1 + b1)·w2 + b2 (MLP)."""
    x = np.asarray(x, dtype=np.float64)
    if "W1" in weights:
        return np.tanh(x @ weights["W1"] + weights["b1"]) @ weights["w2"] + weights["b2"]
    return x @ weights["w"] + weights["b"]


def train_xor(hidden: int = 4, steps: int = 2000, lr: float = 0.5, seed: int = 0) -> dict:
    """hidden=0: a perceptron; else an MLP with `hidden` tanh units. Returns weights, accuracy on the four points,
    loss (mean binary cross-entropy) and losses [steps] (the training curve)."""
    rng = np.random.default_rng(int(seed))
    x, y = POINTS, LABELS
    if hidden:
        w = {"W1": rng.normal(0, 1, (2, hidden)), "b1": np.zeros(hidden), "w2": rng.normal(0, 1, hidden),
             "b2": np.zeros(())}
    else:
        w = {"w": rng.normal(0, 1, 2), "b": np.zeros(())}
    losses = np.zeros(int(steps))
    for step in range(int(steps)):
        if hidden:
            a = np.tanh(x @ w["W1"] + w["b1"])  # [4, hidden]
            z = a @ w["w2"] + w["b2"]  # [4]
        else:
            z = x @ w["w"] + w["b"]  # [4]
        p = _sigmoid(z)
        losses[step] = -np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))
        dz = (p - y) / len(y)  # d loss / d logit [4]
        if hidden:
            da = np.outer(dz, w["w2"]) * (1 - a * a)  # [4, hidden]: back through tanh
            grads = {"W1": x.T @ da, "b1": da.sum(0), "w2": a.T @ dz, "b2": dz.sum()}
        else:
            grads = {"w": x.T @ dz, "b": dz.sum()}
        for name in w:
            w[name] = w[name] - lr * grads[name]
    z = xor_logit(w, x)
    p = _sigmoid(z)
    loss = float(-np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)))
    return {"weights": w, "accuracy": float(((z > 0) == (y > 0.5)).mean()), "loss": loss, "losses": losses,
            "hidden": int(hidden)}


def predict(weights: dict, grid) -> np.ndarray:
    """Probability of class 1 [N] at each point of grid [N, 2]."""
    return _sigmoid(xor_logit(weights, grid))


def boundary_grid(n: int = 41, lo: float = -0.5, hi: float = 1.5) -> tuple[np.ndarray, np.ndarray]:
    """The axis values [n] and the grid points [n·n, 2] (row-major: y outer, x inner) to colour a boundary."""
    axis = np.linspace(lo, hi, n)
    gx, gy = np.meshgrid(axis, axis)
    return axis, np.stack([gx.ravel(), gy.ravel()], axis=1)
