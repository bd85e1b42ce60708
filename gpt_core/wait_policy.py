"""Which OpenMP wait policy a training process should run with (torch-free: it must be decided before torch loads).

OpenMP threads that finish a parallel region either spin for the next one (fast wake-up; libgomp's default
spins ~300k iterations, ACTIVE spins forever) or sleep (PASSIVE). On a machine with idle cores the spin saves
the wake-up between torch's many small parallel regions; on a busy machine a spinning thread holds a core that
the thread with work needs, and training collapses (measured on 2 cores at load 8-12: 30 steps took 7 s with
PASSIVE, over 100 s with the default spin or ACTIVE; bench/README.md).

    >>> cli_wait_policy(user_set=False, load=0.3, cores=2)
    'default'
    >>> cli_wait_policy(user_set=False, load=3.5, cores=2)
    'PASSIVE'
    >>> cli_wait_policy(user_set=True, load=0.3, cores=2) is None
    True
"""
from __future__ import annotations

import os
import time


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # a taskset / container limit, unlike os.cpu_count()
    except (AttributeError, OSError):  # macOS, Windows
        return os.cpu_count() or 1


def _cpu_times(cpus: set[int]) -> tuple[int, int] | None:
    """(busy, total) jiffies of the given CPUs from /proc/stat (Linux), None where there is no such file."""
    try:
        with open("/proc/stat") as f:
            lines = [line.split() for line in f if line.startswith("cpu") and line[3:4].isdigit()]
    except OSError:
        return None
    busy = total = 0
    for fields in lines:
        if int(fields[0][3:]) in cpus:
            user, nice, system, idle, iowait, irq, softirq, steal = (int(v) for v in fields[1:9])
            busy += user + nice + system + irq + softirq + steal
            total += user + nice + system + idle + iowait + irq + softirq + steal
    return (busy, total) if total else None


def busy_cores(window_s: float = 0.1) -> float | None:
    """How many of this process's cores other work keeps busy right now, measured over window_s (Linux).

    The 1-minute load average is not good enough: a run launched right after another (a benchmark's next
    command) sees the last one's load for a minute and would take the idle machine for a busy one."""
    try:
        cpus = os.sched_getaffinity(0)
    except (AttributeError, OSError):
        return None
    before = _cpu_times(cpus)
    time.sleep(window_s)
    after = _cpu_times(cpus)
    if before is None or after is None or after[1] <= before[1]:
        return None
    return len(cpus) * (after[0] - before[0]) / (after[1] - before[1])


def cli_wait_policy(user_set: bool, load: float | None = None, cores: int | None = None) -> str | None:
    """None: keep the user's own setting. 'default': unset it (OpenMP spins briefly) when the machine is idle at
    launch (under half the usable cores busy: measured now, else the 1-minute load). 'PASSIVE' otherwise, as the
    server runs."""
    if user_set:
        return None
    if load is None:
        load = busy_cores()
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):  # Windows: no load average; OpenMP's default there
            return "default"
    cores = usable_cores() if cores is None else cores
    return "default" if load < cores / 2 else "PASSIVE"


def apply_cli_wait_policy(user_set: bool) -> str | None:
    """Set the environment accordingly; only acts before torch is imported (OpenMP reads it once)."""
    import sys

    if "torch" in sys.modules:
        return None
    choice = cli_wait_policy(user_set)
    if choice == "default":
        os.environ.pop("OMP_WAIT_POLICY", None)
    elif choice:
        os.environ["OMP_WAIT_POLICY"] = choice
    return choice
