"""English strings of the classroom features: the job queue, the worker processes, the runs folder and the saved
runs (explorer/jobs.py, explorer/worker.py, explorer/runs.py, explorer/ui/train/saved.py)."""
STRINGS = {
    # ---- the queue
    "train.status.queued": "Waiting for a free training slot…",
    "train.queue_position": (
        "Your run is number {position} of {length} in the queue: the server trains {limit} model(s) at a time and "
        "starts yours as soon as a slot is free. Stop takes it out of the queue."
    ),
    "train.job_error.queue_full": (
        "The server is training {running} model(s) and {queued} more are waiting, its limit (set by {env}={limit}). "
        "Try again in a few minutes."
    ),
    # ---- the worker process
    "train.worker.exited": (
        "The training process ended unexpectedly (exit code {code}). The last evaluation's weights are kept, if "
        "there was one; the server and your other pages are unaffected."
    ),
    "train.worker.killed": (
        "The training process was killed ({signal}), most often because the machine ran out of memory: try a smaller "
        "model or batch. The last evaluation's weights are kept, if there was one."
    ),
    "train.worker.no_start": "The server could not start a training process ({error}). Try again in a moment.",
    "train.job_error.cannot_resume": "This run cannot be resumed: {problem}",
    "train.job_error.saved_unreadable": "The saved run '{name}' cannot be read ({error}).",
    # ---- the runs folder
    "runs.problem.disk_full": (
        "The disk is full: this run's files could not be saved to {path}. It keeps training, and its model stays "
        "downloadable from this page until the server restarts."
    ),
    "runs.problem.read_only": (
        "The runs folder is read-only: this run's files could not be saved to {path}. It keeps training, and its "
        "model stays downloadable from this page until the server restarts."
    ),
    "runs.problem.missing": (
        "The runs folder is gone or is not a folder: this run's files could not be saved to {path}. It keeps "
        "training, and its model stays downloadable from this page until the server restarts."
    ),
    "runs.problem.other": (
        "This run's files could not be saved to {path} ({detail}). It keeps training, and its model stays "
        "downloadable from this page until the server restarts."
    ),
    "runs.saved_in": "Saved at every evaluation as the run `{path}` (listed under Saved runs after a restart).",
    # ---- saved runs (the Train page, the model picker)
    "runs.saved.title": "Saved runs",
    "runs.saved.intro": (
        "Every run on this server is kept in its runs folder, so it survives a restart. Open one to see its loss "
        "curve and snapshots again, explore it, download it, or train it further."
    ),
    "runs.saved.pick": "Saved run",
    "runs.saved.option": "{label} · {steps:,} steps · {when}",
    "runs.saved.open": "Open this run",
    "runs.saved.none": "No saved runs yet.",
    "runs.picker_label": "saved: {label} · {steps:,} steps",
}
