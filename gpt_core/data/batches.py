"""Token arrays, train/val splits and random (x, y) batches, nanoGPT style."""

from __future__ import annotations

import os

import numpy as np
import torch


def to_token_array(ids) -> np.ndarray:
    """Token ids as a compact 1-D array: uint16 (half the memory of int32) unless an id needs uint32."""
    arr = ids.detach().cpu().numpy() if isinstance(ids, torch.Tensor) else np.asarray(ids)
    arr = arr.reshape(-1)
    if arr.size == 0:
        return arr.astype(np.uint16)
    if not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"Token ids must be integers, got dtype {arr.dtype}.")
    low, high = int(arr.min()), int(arr.max())
    if low < 0:
        raise ValueError(f"Token ids must be non-negative, found {low}.")
    if high >= 2**32:
        raise ValueError(f"Token id {high} does not fit in uint32.")
    return arr.astype(np.uint16 if high < 2**16 else np.uint32)


def save_token_array(arr: np.ndarray, path: str | os.PathLike) -> None:
    """Raw little-endian .bin with no header (nanoGPT's train.bin); the reader must know the dtype."""
    np.ascontiguousarray(arr).tofile(os.fspath(path))


def open_token_array(path: str | os.PathLike, dtype=np.uint16) -> np.memmap:
    """Memory-map a .bin written by `save_token_array`: large corpora are never loaded whole."""
    return np.memmap(os.fspath(path), dtype=dtype, mode="r")


def split_train_val(ids: np.ndarray, val_fraction: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """First (1 - val_fraction) for training, the rest for validation (contiguous, like nanoGPT).

    A contiguous tail, not a random sample of positions, so validation text is text the model never saw.
    """
    if not 0.0 <= val_fraction < 1.0:
        raise ValueError(f"val_fraction must be in [0, 1), got {val_fraction}.")
    n_train = int(len(ids) * (1.0 - val_fraction))
    return ids[:n_train], ids[n_train:]


def get_batch(
    data: np.ndarray, batch_size: int, block_size: int, generator: np.random.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Sample `batch_size` windows; y is x shifted left by one (the next token at every position).

    >>> # data = [5, 6, 7, 8], block_size 2, start 1  ->  x = [6, 7], y = [7, 8]
    """
    if len(data) <= block_size:
        raise ValueError(
            f"The data has {len(data)} tokens, but a block of {block_size} needs at least {block_size + 1} "
            "(the targets are shifted by one). Use more text or a smaller context length."
        )
    starts = generator.integers(0, len(data) - block_size, size=batch_size)  # [B]
    offsets = starts[:, None] + np.arange(block_size)  # [B, T]
    # Fancy indexing copies just these windows, also from a memmap; int64 is what nn.Embedding wants.
    x = torch.from_numpy(np.asarray(data[offsets], dtype=np.int64))  # [B, T]
    y = torch.from_numpy(np.asarray(data[offsets + 1], dtype=np.int64))  # [B, T]
    return x, y


def fixed_batches(
    data: np.ndarray, batch_size: int, block_size: int, n_batches: int, seed: int
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """The same evaluation batches on every call, so losses at different steps are comparable."""
    generator = np.random.default_rng(seed)
    return [get_batch(data, batch_size, block_size, generator) for _ in range(n_batches)]
