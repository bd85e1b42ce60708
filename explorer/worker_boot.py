"""Preloaded by the worker processes' fork server (never by the server itself): the OpenMP wait policy must be
in the environment before torch loads libgomp, which reads it once.

PASSIVE by default: an idle OpenMP thread sleeps instead of spinning, so a worker between steps (or one of
two sharing the cores) leaves the CPU to the server's pages. $GPT_EXPLORER_WORKER_WAIT_POLICY=ACTIVE suits a
machine where each worker has cores to itself (bench/classroom_load.py --wait-policy measures both).
"""
import os
import sys

WAIT_POLICY_ENV = "GPT_EXPLORER_WORKER_WAIT_POLICY"

if "torch" not in sys.modules:  # too late otherwise (and then not ours to change: e.g. a doctest run imports this)
    os.environ["OMP_WAIT_POLICY"] = os.environ.get(WAIT_POLICY_ENV, "").strip().upper() or "PASSIVE"

import explorer.worker  # noqa: F401  (torch, gpt_core and the Trainer, loaded once for every fork)
