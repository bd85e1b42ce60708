"""简体中文 strings of the classroom features: the job queue, the worker processes, the runs folder and the saved
runs (explorer/jobs.py, explorer/worker.py, explorer/runs.py, explorer/ui/train/saved.py)."""
STRINGS = {
    # ---- the queue
    "train.status.queued": "正在等待空闲的训练名额…",
    "train.queue_position": (
        "你的训练在队列中排第 {position} 位（共 {length} 个）：服务器同时训练 {limit} 个模型，一有空位就开始你的训练。"
        "点“停止”可以退出队列。"
    ),
    "train.job_error.queue_full": (
        "服务器正在训练 {running} 个模型，另有 {queued} 个在排队，已达上限（由 {env}={limit} 设定）。请过几分钟再试。"
    ),
    # ---- the worker process
    "train.worker.exited": (
        "训练进程意外结束（退出码 {code}）。如果做过评估，最后一次评估时的权重会保留；服务器和你的其他页面不受影响。"
    ),
    "train.worker.killed": (
        "训练进程被终止（{signal}），最常见的原因是机器内存不足：请换一个更小的模型或批量。"
        "如果做过评估，最后一次评估时的权重会保留。"
    ),
    "train.worker.no_start": "服务器无法启动训练进程（{error}）。请稍后再试。",
    "train.job_error.cannot_resume": "这次训练无法继续：{problem}",
    "train.job_error.saved_unreadable": "无法读取已保存的训练“{name}”（{error}）。",
    # ---- the runs folder
    "runs.problem.disk_full": (
        "磁盘已满：这次训练的文件无法保存到 {path}。训练会继续，在服务器重启之前仍可以从本页下载它的模型。"
    ),
    "runs.problem.read_only": (
        "训练记录文件夹是只读的：这次训练的文件无法保存到 {path}。训练会继续，在服务器重启之前仍可以从本页下载它的模型。"
    ),
    "runs.problem.missing": (
        "训练记录文件夹不存在或不是文件夹：这次训练的文件无法保存到 {path}。训练会继续，在服务器重启之前仍可以从本页下载"
        "它的模型。"
    ),
    "runs.problem.other": (
        "这次训练的文件无法保存到 {path}（{detail}）。训练会继续，在服务器重启之前仍可以从本页下载它的模型。"
    ),
    "runs.saved_in": "每次评估时都会保存为训练 `{path}`（重启后可在“已保存的训练”中找到）。",
    # ---- saved runs (the Train page, the model picker)
    "runs.saved.title": "已保存的训练",
    "runs.saved.intro": (
        "这台服务器上的每次训练都保存在训练记录文件夹里，重启后也不会丢失。打开一次训练，可以重新查看它的损失曲线和快照，"
        "探索、下载它，或者继续训练。"
    ),
    "runs.saved.pick": "已保存的训练",
    "runs.saved.option": "{label} · {steps:,} 步 · {when}",
    "runs.saved.open": "打开这次训练",
    "runs.saved.none": "还没有保存的训练。",
    "runs.picker_label": "已保存：{label} · {steps:,} 步",
}
