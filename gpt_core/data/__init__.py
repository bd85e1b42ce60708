"""Corpora (files, uploads, pasted text, Tiny Shakespeare, synthetic tasks), token arrays, batches, baselines."""

from .baselines import bigram_loss, uniform_loss, unigram_loss
from .batches import (
    fixed_batches,
    get_batch,
    open_token_array,
    save_token_array,
    split_train_val,
    to_token_array,
)
from .corpus import (
    DEFAULT_MAX_CORPUS_BYTES,
    Corpus,
    CorpusError,
    corpus_from_bytes,
    corpus_from_file,
    corpus_from_text,
)
from .shakespeare import (
    SHAKESPEARE_BYTES,
    SHAKESPEARE_SHA256,
    SHAKESPEARE_URL,
    default_cache_dir,
    download_shakespeare,
    find_shakespeare,
    load_shakespeare,
)
from .synthetic import TASKS, TaskSpec, make_repeat_probe, make_task_corpus

__all__ = [
    "DEFAULT_MAX_CORPUS_BYTES", "Corpus", "CorpusError", "corpus_from_bytes", "corpus_from_file",
    "corpus_from_text",
    "SHAKESPEARE_BYTES", "SHAKESPEARE_SHA256", "SHAKESPEARE_URL", "default_cache_dir",
    "download_shakespeare", "find_shakespeare", "load_shakespeare",
    "TASKS", "TaskSpec", "make_repeat_probe", "make_task_corpus",
    "fixed_batches", "get_batch", "open_token_array", "save_token_array", "split_train_val",
    "to_token_array",
    "bigram_loss", "uniform_loss", "unigram_loss",
]
