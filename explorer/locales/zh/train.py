"""简体中文 strings of the Train page (pages/train.py, explorer/ui/train/), its hints (explorer/analysis/train.py)
and the training jobs' errors (explorer/jobs.py)."""
STRINGS = {
    "train.title": "训练一个小型 GPT",
    "train.intro": (
        "选一段文本、一种分词器和模型规模，就在这里从随机权重开始训练一个 GPT。损失是下一个词元预测的交叉熵，"
        "单位为奈特/词元：它从 ln(V) 附近起步——也就是在 V 个词元中均匀乱猜的得分——并随着模型学习而下降。"
        "每次评估时，训练还会把同一段固定的探针文本送进模型，记录它的注意力模式、下一个词元的概率和词元嵌入的分布图，"
        "这样你就可以沿着训练过程来回拖动，看结构如何逐渐出现。"
    ),
    "train.job_gone": "这个链接指向的训练已不在服务器上（它随所属会话一同结束了）。",
    # ---- 1 · settings
    "train.setup": "1 · 数据、分词器、模型与训练设置",
    "train.data": "训练文本",
    "train.source.task": "合成任务（训练快，注意力清晰）",
    "train.source.shakespeare": "Tiny Shakespeare（莎士比亚小语料）",
    "train.source.upload": "上传 .txt 文件",
    "train.source.paste": "粘贴文本",
    "train.task": "任务",
    "train.task_desc.reverse": "把一串字母倒过来：'dbca>acbd'。",
    "train.task_desc.sort": "把一串字母排好序：'dbca>abcd'。",
    "train.task_desc.repeat": "一串随机字符，接着把同一串再写一遍：只有归纳头（induction head）才学得会。",
    "train.task_desc.induction": (
        "一串长度不定的随机字符，接着把同一串再写一遍：固定的位置偏移解决不了它，所以两层模型会长出一个"
        "“前一个词元”头和一个归纳头。"
    ),
    "train.shakespeare_found": "在 `{path}` 找到了 Tiny Shakespeare。",
    "train.shakespeare_missing": (
        "本机上没有 Tiny Shakespeare（1.1 MB，Karpathy 的 char-rnn 数据）。除非你按下按钮，否则不会下载任何东西。"
    ),
    "train.shakespeare_reading": "正在读取 Tiny Shakespeare…",
    "train.download": "下载 Tiny Shakespeare（1.1 MB）",
    "train.downloading": "正在下载… 已下载 {done:,} 字节",
    "train.downloading_of": "正在下载… {done:,} / {total:,} 字节",
    "train.downloaded": "已下载并校验（sha256），保存在 `{path}`。",
    "train.upload": "纯文本（.txt）文件，UTF-8 编码，不超过 {mb} MB",
    "train.upload_prompt": "选择一个用来训练的 .txt 文件。",
    "train.paste": "用来训练的文本",
    "train.paste_prompt": "至少粘贴几百个字符用来训练。",
    "train.corpus_summary": "**{name}**：{chars:,} 个字符，其中 {distinct} 个互不相同。",
    "train.tokenizer": "分词器",
    "train.tokenizer_kind.char": "字符（每个字符一个词元）",
    "train.tokenizer_kind.bpe": "字节级 BPE（学习得到的合并规则）",
    "train.bpe_vocab": "BPE 词表大小（256 个字节词元 + 合并）",
    "train.bpe_note": "文本较短时合并可能提前停止；训练开始后会显示实际的词表大小。",
    "train.model": "模型",
    "train.preset": "从预设开始",
    "train.custom": "自定义",
    "train.n_layer": "层数",
    "train.n_head": "注意力头数",
    "train.n_embd": "嵌入维度 n_embd (C)",
    "train.block_size": "上下文长度（块大小 T）",
    "train.pos": "位置编码",
    "train.act": "MLP 激活函数",
    "train.dropout": "丢弃率（dropout）",
    "train.params": "参数量",
    "train.params_caption": (
        "词表 V = {vocab} 个词元时：嵌入 wte [V={vocab}, C={C}] {wte:,} · 位置 {wpe:,} · 注意力 {attn:,} · "
        "MLP {mlp:,} · LayerNorm {ln:,}（lm_head 与 wte 共享权重）"
    ),
    "train.model_error": "无法构建这个模型：{error}",
    "train.training": "训练",
    "train.steps": "步数",
    "train.batch": "批大小",
    "train.lr": "峰值学习率",
    "train.seed": "随机种子",
    "train.optimizer": "优化器",
    "train.optimizer.adamw": "AdamW",
    "train.optimizer.muon": "Muon + AdamW",
    "train.optimizer_help": (
        "AdamW 让每个权重大约按学习率移动，逐个数字缩放。Muon 把各层的每个权重矩阵当作整体：它把更新变成一个正交矩阵"
        "（几步 Newton–Schulz 迭代），让每个方向移动同样的幅度；嵌入、归一化和偏置仍用 AdamW。在本页的排序任务上，"
        "Muon 用 500 步就达到比 AdamW 1,000 步更低的损失。"
    ),
    "train.training_caption.adamw": (
        "每步 {tokens:,} 个词元（批大小 × T）。AdamW，带预热和余弦衰减；每 {every} 步做一次评估（并拍一张快照），"
        "每三次评估生成一段文本样本。"
    ),
    "train.training_caption.muon": (
        "每步 {tokens:,} 个词元（批大小 × T）。各层的矩阵用 Muon，其余参数用 AdamW，带预热和余弦衰减；"
        "每 {every} 步做一次评估（并拍一张快照），每三次评估生成一段文本样本。"
    ),
    "train.start": "开始训练",
    "train.start_help": "在后台训练：训练期间你可以切换到别的页面。",
    "train.busy": "正在训练：先停止它，才能修改设置或开始新的训练。",
    "train.spec_label": "已训练：{corpus}",
    # ---- 2 · the run
    "train.run": "2 · 训练过程",
    "train.status.new": "等待开始…",
    "train.status.preparing": "正在构建分词器和模型…",
    "train.status.running": "训练中…",
    "train.status.stopping": "当前这一步结束后停止…",
    "train.status.done": "已完成。",
    "train.status.stopped": "已停止：模型保留停止时的权重。",
    "train.status.failed": "训练失败。",
    "train.progress": "第 {step:,} / {total:,} 步 · 每秒 {tps:,.0f} 个词元 · 已用时 {elapsed} · 预计剩余 {eta}",
    "train.device": "训练设备：{device}。",
    "train.progress_no_speed": "第 {step:,} / {total:,} 步 · 每秒 – 个词元 · 已用时 {elapsed} · 预计剩余 {eta}",
    "train.stop": "停止",
    "train.loss_title": "'{corpus}' 上的损失（奈特/词元）",
    "train.baseline_uniform": "均匀猜测 ln(V)",
    "train.baseline_bigram": "二元模型",
    "train.series_batch": "批次损失",
    "train.batch_hover": "第 %{{x}} 步：批次损失 %{{y:{number}}}<extra></extra>",
    "train.loss_caption": (
        "模型 `{corpus}`（V = {vocab}）的交叉熵损失 [奈特/词元]。每次评估时训练集和验证集都在同一组固定批次上测量，"
        "所以不同步数的点可以直接比较；浅色线是每一步自己那个批次的损失{bucket}。虚线是 ln(V) = {uniform:.3f}，"
        "即均匀乱猜；点线是从训练文本统计出的二元模型（{bigram:.3f}）。"
    ),
    "train.bucket": "（每 {n} 步取平均）",
    "train.no_evals": "第一次评估（第 0 步，约为 ln(V)）马上就会出现。",
    "train.samples": "样本：模型从 '⏎' 开始生成的文本（每次用同一个随机种子）",
    "train.sample_at": "第 {step} 步",
    "train.older_samples": "更早的样本",
    # hints (explorer.analysis.train.training_hints)
    "train.hint.failed": "{error} 模型保留最后一组正常的权重。",
    "train.hint.failed_unknown": "训练失败。模型保留最后一组正常的权重。",
    "train.hint.not_finite": "某次评估得到了 NaN 或无穷大：权重已经坏了。请降低学习率，重新开始。",
    "train.hint.above_uniform": (
        "训练损失（{loss:.3f}）高于 ln(V) = {uniform:.3f}：比给每个词元相同概率的乱猜还差。"
        "学习率多半太高了，试试小 3 到 10 倍的值。"
    ),
    "train.hint.stuck_lower": (
        "训练了 {step} 步，损失仍然约等于 ln(V) = {uniform:.3f}：模型还没开始学。问题在于学习率 {lr:g} 太高，而不是"
        "太低：AdamW 每一步让每个权重移动大约这么多，远超这些小权重（约 0.02）能承受的幅度。试试小 10 到 30 倍的值，"
        "比如 3e-3。"
    ),
    "train.hint.stuck_rose": (
        "训练了 {step} 步，损失仍然约等于 ln(V) = {uniform:.3f}，而且比第 0 步还高：模型还没开始学。"
        "学习率多半太高了，试试小 3 到 10 倍的值。"
    ),
    "train.hint.stuck_higher": (
        "训练了 {step} 步，损失仍然约等于 ln(V) = {uniform:.3f}：模型还没开始学。试试比 {lr:g} 更高的学习率，"
        "或者更多步数（重复任务常常停在这样的平台期，直到长出归纳头）。"
    ),
    "train.hint.stuck": (
        "训练了 {step} 步，损失仍然约等于 ln(V) = {uniform:.3f}：模型还没开始学。试试更多步数，或者 3e-3 左右的"
        "学习率（重复任务常常停在这样的平台期，直到长出归纳头）。"
    ),
    "train.hint.overfitting": (
        "验证损失已经连续两次评估上升，而训练损失还在下降：模型在死记它的训练文本（过拟合）。"
        "可以到此为止，或者用更多文本、更小的模型或 dropout。"
    ),
    "train.hint.below_bigram": (
        "验证损失（{loss:.3f}）低于二元模型基线（{bigram:.3f}）：模型在预测下一个词元时用到的不只是前一个词元。"
    ),
    # ---- 3 · watch it learn
    "train.watch": "3 · 看它学习",
    "train.watch_intro": (
        "每次评估时，训练都把同一段探针（{source}，{T} 个词元）送进模型。拖动滑块，看模型在那一步是怎么处理它的。"
    ),
    "train.probe_source.repeat": "重复探针",
    "train.probe_source.sidebar": "你在侧边栏输入的文本",
    "train.probe_source.validation": "验证集文本",
    "train.no_snapshots": "第一张快照（随机初始权重，第 0 步）马上就会出现。",
    "train.snapshot": "快照所在步数",
    "train.tab.attention": "注意力",
    "train.tab.next": "下一个词元",
    "train.tab.embed": "嵌入",
    "train.attention_title": "第 {step} 步的注意力模式 [L={L}, nh={nh}, T={T}, T={T}]",
    "train.attention_caption": (
        "第 {step} 步时，{L} 层中每一层在探针上的注意力模式 [nh={nh}, T={T}, T={T}]：行 = 查询词元，列 = 键词元，"
        "灰色 = 被遮住的未来。随机权重的注意力几乎是均匀的；学到东西的头会收紧成条纹。"
    ),
    "train.induction_caption": (
        "探针是一串写了两遍的随机字符：归纳头在后半段把权重放在对角线之前 {offset} 个位置（上一次紧跟在当前词元"
        "后面的那个词元）；每个头下方的分数就是这个权重的平均值。"
    ),
    "train.induction_label": "归纳 {score:.2f}",
    "train.next_title": "第 {step} 步时 '{last}' 之后的下一个词元概率（V={vocab} 中的前 {k} 个）",
    "train.next_series": "第 {step} 步的 softmax",
    "train.next_caption": (
        "第 {step} 步时，探针最后一个位置（词元 {pos}，'{last}'）上 logits [V={vocab}] 的 softmax。"
        "探针内部的损失：{loss:.3f} 奈特/词元。"
    ),
    "train.next_expected": "真正的下一个词元 '{token}' 得到 p = {p:.3f}。",
    "train.embed_title": "第 {step} 步时词元嵌入 wte [V={vocab}, C={C}] 在前两个主成分轴上的投影",
    "train.embed_caption": (
        "每个点是词元嵌入 wte [V={vocab}, C={C}] 的一行，投影到这一步方差最大的两个方向上（占方差的 {var:.0%}）；"
        "较大、带描边的点出现在探针里。模型看作相似的词元会在学习中逐渐靠拢。"
    ),
    # ---- 4 · results
    "train.results": "4 · 保留模型",
    "train.explore": "探索这个模型",
    "train.explore_help": "让它成为每个页面上的当前模型（本次会话中它列在侧边栏里）。",
    "train.explored": "'{label}' 现在是每个页面上的当前模型。",
    "train.listed": "本次会话中，训练好的模型以 '{label}' 的名字列在侧边栏的模型选择器里。",
    "train.download_ckpt": "下载检查点（.safetensors）",
    "train.resume": "继续训练到第 {target:,} 步",
    "train.resume_failed": "以学习率 {lr:g} 继续训练到第 {target:,} 步",
    "train.resume_help": "从当前的权重和优化器状态接着训练。",
    "train.label": "已训练：{corpus} · {steps:,} 步{suffix}",
    "train.label_suffix.stopped": "（已停止）",
    "train.label_suffix.failed": "（失败，保留最后正常的权重）",
    # ---- job errors (explorer.jobs.JobError)
    "train.job_error.job_busy": "这个任务已经在训练了",
    "train.job_error.never_built": "这次训练还没走到构建模型那一步；请开始一次新的训练",
    "train.job_error.stop_first": "模型还在训练；请先停止它",
    "train.job_error.no_model": "这次训练没有模型",
    "train.job_error.session_busy": "这个会话已经在训练一个模型：请先停止它，再开始另一个。",
    "train.job_error.still_training": "这次训练还在进行中。",
    "train.job_error.limit_one": (
        "服务器已经在训练 {running} 个模型，达到上限（由 {env}={limit} 设定）。请等它结束后再试。"
    ),
    "train.job_error.limit_many": (
        "服务器已经在训练 {running} 个模型，达到上限（由 {env}={limit} 设定）。请等其中一个结束后再试。"
    ),
}
