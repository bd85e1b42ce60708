"""Built-in algorithmic tasks: no download, seconds to learn, and crisp attention patterns to look at.

Each task is plain text, one fixed-length example per line, so a CharTokenizer works and training
windows line up with examples. Every line is `prompt + answer + "\\n"`:

    reverse  "dbcaheff>ffehacbd\\n"   attention from each answer char to its mirror position
    sort     "dbcaheff>abcdeffh\\n"   attention to the input chars still to be emitted
    repeat   "kqzfmwbe...kqzfmwbe...\\n"  an induction head: in the second half, attend to the token
                                         *after* the previous occurrence of the current token
    induction  like repeat, but each line's string has its own length (8-16 by default), so a
               fixed "look 16 back" offset fails and only content-based induction works
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from .corpus import Corpus, CorpusError

SMALL_ALPHABET = "abcdefghijklmnop"  # 16 symbols: small vocab, quick to learn
REPEAT_ALPHABET = "abcdefghijklmnopqrstuvwxyz"  # larger, so the first half is hard to guess and the second easy


@dataclass(frozen=True)
class TaskSpec:
    name: str
    description: str  # one line, shown in the app
    default_length: int  # sequence length when the caller passes none
    alphabet: str
    separator: str  # between prompt and answer ("" for repeat)
    # (rng, length) -> (prompt, answer); the corpus line is prompt + separator + answer + "\n".
    make_example: Callable[[random.Random, int], tuple[str, str]]
    fixed_length: bool = True  # False: each example picks its own length in [length // 2, length]

    def line_length(self, length: int | None = None) -> int:
        """Characters per line including the newline, for aligning windows to examples."""
        length = self.default_length if length is None else length
        return 2 * length + len(self.separator) + 1


def _random_sequence(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def _reverse_example(rng: random.Random, length: int) -> tuple[str, str]:
    seq = _random_sequence(rng, SMALL_ALPHABET, length)
    return seq, seq[::-1]


def _sort_example(rng: random.Random, length: int) -> tuple[str, str]:
    seq = _random_sequence(rng, SMALL_ALPHABET, length)
    return seq, "".join(sorted(seq))


def _repeat_sequence(rng: random.Random, length: int) -> str:
    # Distinct symbols when possible, so "the token after the previous occurrence" is unambiguous.
    if length <= len(REPEAT_ALPHABET):
        return "".join(rng.sample(REPEAT_ALPHABET, length))
    return _random_sequence(rng, REPEAT_ALPHABET, length)


def _repeat_example(rng: random.Random, length: int) -> tuple[str, str]:
    seq = _repeat_sequence(rng, length)
    return seq, seq


TASKS: dict[str, TaskSpec] = {
    spec.name: spec
    for spec in (
        TaskSpec("reverse", "Reverse a string of letters: 'dbca>acbd'.", 8, SMALL_ALPHABET, ">", _reverse_example),
        TaskSpec("sort", "Sort a string of letters: 'dbca>abcd'.", 8, SMALL_ALPHABET, ">", _sort_example),
        TaskSpec("repeat", "A random string, then the same string again: learnable only by an induction head.",
                 16, REPEAT_ALPHABET, "", _repeat_example),
        TaskSpec("induction", "A random string of varying length, then the same string again: a fixed offset "
                 "cannot solve it, so a two-layer model grows a previous-token head and an induction head.",
                 16, REPEAT_ALPHABET, "", _repeat_example, fixed_length=False),
    )
}


def make_task_corpus(name: str, n_examples: int = 2000, seed: int = 0, length: int | None = None) -> Corpus:
    """Generate `n_examples` lines of task `name`; the same seed always gives the same text.

    >>> make_task_corpus("reverse", n_examples=1, length=4).text  # doctest: +SKIP
    'dbca>acbd\\n'
    """
    spec = TASKS.get(name)
    if spec is None:
        raise CorpusError(code="corpus.unknown_task", name=name, tasks=", ".join(sorted(TASKS)))
    length = spec.default_length if length is None else length
    if length < 1:
        raise CorpusError(code="corpus.bad_length", length=length)
    if n_examples < 1:
        raise CorpusError(code="corpus.bad_n_examples", n_examples=n_examples)
    # random.Random is stable across Python versions, so a seed names the same corpus everywhere.
    rng = random.Random(f"{name}:{seed}")
    lines = []
    for _ in range(n_examples):
        example_length = length if spec.fixed_length else rng.randint(max(1, length // 2), length)
        prompt, answer = spec.make_example(rng, example_length)
        lines.append(f"{prompt}{spec.separator}{answer}\n")
    return Corpus(name=f"task:{name}", text="".join(lines), source="synthetic")


def make_repeat_probe(length: int, seed: int) -> str:
    """One random sequence of `length` lowercase letters written twice, e.g. "kqzfkqzf" for length 4.

    Scoring an induction head: for query position t >= length, the ideal head attends to key position
    t - length + 1 (the token that followed the previous copy of token t). Letters a-z are in the
    Tiny Shakespeare vocabulary, so the probe works for Shakespeare models too.
    """
    if length < 1:
        raise CorpusError(code="corpus.bad_probe_length", length=length)
    seq = _repeat_sequence(random.Random(f"probe:{seed}"), length)
    return seq + seq
