"""简体中文 strings of gpt_core's errors, keyed "errors.<code>": translations of gpt_core/errors.py's MESSAGES
(explorer.i18n.error_text shows them). Keep every placeholder of the English template."""
STRINGS = {
    # ---- gpt_core/config.py (ConfigError)
    "errors.config.not_positive_int": "{name} 必须是正整数，实际是 {value!r}",
    "errors.config.not_divisible": "n_embd（{n_embd}）必须能被 n_head（{n_head}）整除：每个头分到 n_embd / n_head 维",
    "errors.config.kv_heads_not_divisor": "n_head（{n_head}）必须是 n_kv_head（{n_kv_head}）的整数倍：每个键/值头服务同样多的查询头",
    "errors.config.bad_norm": "norm 必须是 {choices} 之一，实际是 {value!r}",
    "errors.config.not_positive_number": "{name} 必须是正数，实际是 {value!r}",
    "errors.config.norm_eps_too_large": "norm_eps 必须小于 1，实际是 {value!r}",
    "errors.config.rope_odd_head_size": "位置编码 'rope' 需要偶数的头维度（n_embd / n_head），实际是 {head_size}",
    "errors.config.bad_dropout": "dropout 必须在 [0, 1) 之间，实际是 {value!r}",
    "errors.config.bad_pos_encoding": "pos_encoding 必须是 {choices} 之一，实际是 {value!r}",
    "errors.config.bad_activation": "activation 必须是 {choices} 之一，实际是 {value!r}",
    "errors.config.not_bool": "{name} 必须是 true 或 false，实际是 {value!r}",
    "errors.config.vocab_too_large": "vocab_size {vocab_size} 太大了，不适合这个演示工具",
    "errors.config.not_a_mapping": "模型配置必须是一个映射（字典），实际是 {type}",
    "errors.config.unknown_keys": "未知的模型配置项：{keys}",
    "errors.config.unknown_preset": "未知的预设 {name!r}；请从以下选择：{choices}",
    # ---- gpt_core/train.py: TrainConfig (TrainConfigError)
    "errors.train.not_int_at_least": "{name} 必须是 >= {minimum} 的整数，实际是 {value!r}",
    "errors.train.not_finite_number": "{name} 必须是 {relation} {minimum} 的有限数，实际是 {value!r}",
    "errors.train.min_lr_above_lr": "min_lr（{min_lr}）不能超过 lr（{lr}）",
    "errors.train.bad_betas": "betas 必须是两个在 [0, 1) 之间的数，实际是 {value!r}",
    "errors.train.unknown_optimizer": "optimizer 必须是 {known} 之一，实际是 {value!r}",
    "errors.train.prompt_not_str": "sample_prompt 必须是字符串，实际是 {type}",
    "errors.train.not_a_mapping": "训练配置必须是一个映射（字典），实际是 {type}",
    "errors.train.unknown_keys": "未知的训练配置项：{keys}",
    "errors.train.no_train_config": "{path} 里没有训练配置；要继续训练它，请传入 cfg=TrainConfig(...)",
    # ---- gpt_core/train.py: the Trainer's data
    "errors.train.split.training": "训练集",
    "errors.train.split.validation": "验证集",
    "errors.train.ids_not_int": "{split}数据必须是整数词元 id，实际类型是 {dtype}",
    "errors.train.ids_out_of_range": (
        "{split}数据中有超出 [0, {vocab_size}) 的词元 id（实际范围 {low}..{high}）：它是用这个分词器编码的吗？"
    ),
    "errors.train.split_too_short": (
        "训练集只有 {n_tokens} 个词元，而 {block_size} 的上下文至少需要 {needed} 个（目标要错开一位）。"
        "请使用更多文本，或减小块大小。"
    ),
    "errors.train.val_too_short": "验证集只有 {n_tokens} 个词元；至少需要 2 个。请使用更多文本。",
    # ---- gpt_core/train.py: a failed run
    "errors.train.diverged": "{what}；模型保留{kept}。请尝试降低学习率（当前为 {lr:g}），或加强梯度裁剪。",
    "errors.train.weights_not_finite": "第 {step} 步之后权重变成了 {value}",
    "errors.train.loss_not_finite": "第 {step} 步的损失变成了 {value}",
    "errors.train.grad_not_finite": "第 {step} 步的梯度范数变成了 {value}",
    "errors.train.kept_initial": "初始权重",
    "errors.train.kept_step": "第 {step} 步的权重",
    "errors.train.crashed": "训练在第 {step} 步失败：{type}：{error}",
    # ---- gpt_core/devices.py
    "errors.device.unknown": "未知的设备 {value!r}；请从 {choices} 中选择（或 cuda:N）",
    "errors.device.unavailable": "这台机器上没有可用的设备 {device}（torch 找到的：{available}）",
    # ---- gpt_core/data/corpus.py (CorpusError)
    "errors.corpus.too_large": "{label} 有 {size}（{n_bytes:,} 字节），超过了 {limit} 的上限。请换一个更小的文件，或只取其中一部分。",
    "errors.corpus.blank": "{label} 是空的（只有空白字符）。",
    "errors.corpus.empty": "{label} 是空的。",
    "errors.corpus.empty_bytes": "{label} 是空的（0 字节）。",
    "errors.corpus.binary": "{label} 看起来是二进制文件，不是文本。请选择一个纯文本（.txt）文件。",
    "errors.corpus.nul_bytes": "{label} 看起来是二进制文件（含有 NUL 字节），不是文本。请选择一个纯文本（.txt）文件。",
    "errors.corpus.utf16": "{label} 看起来是 UTF-16 编码。请把它另存为 UTF-8 文本后再试。",
    "errors.corpus.not_utf8": (
        "{label} 不是有效的 UTF-8：第一个错误字节 0x{byte:02X} 位于字节偏移 {offset}（第 {line} 行）。"
        "请把文件另存为 UTF-8 后再试。"
    ),
    "errors.corpus.not_found": "找不到文件：{path}",
    "errors.corpus.unreadable": "无法读取 {path}：{reason}",
    "errors.corpus.is_directory": "{path} 是一个文件夹，不是文本文件。",
    # ---- gpt_core/data/synthetic.py (CorpusError)
    "errors.corpus.unknown_task": "未知的任务 {name!r}。可用的任务：{tasks}。",
    "errors.corpus.bad_length": "序列长度至少为 1，实际是 {length}。",
    "errors.corpus.bad_n_examples": "样例数至少为 1，实际是 {n_examples}。",
    "errors.corpus.bad_probe_length": "探针长度至少为 1，实际是 {length}。",
    # ---- gpt_core/data/shakespeare.py (CorpusError)
    "errors.corpus.url_not_http": "拒绝从 {url!r} 下载：只支持 http(s) 网址。",
    "errors.corpus.cannot_create_folder": "无法创建文件夹 {folder}：{reason}",
    "errors.corpus.download_manually": "你也可以自己从 {url} 下载，并保存为 {dest}。",
    "errors.corpus.download_announced_too_large": "拒绝下载 {url}：服务器报告的大小是 {total:,} 字节，超过了预期的 {expected:,}。",
    "errors.corpus.download_too_large": "拒绝下载 {url}：收到的数据超过了 {max_bytes:,} 字节，远多于预期的 {expected:,}。",
    "errors.corpus.download_corrupt": (
        "从 {url} 下载的文件已损坏或已被改动：它的 sha256 是 {digest}，预期是 {expected}。没有保存任何文件。{hint}"
    ),
    "errors.corpus.download_http": "无法下载 {url}：服务器返回 HTTP {status}（{reason}）。{hint}",
    "errors.corpus.download_unreachable": "无法下载 {url}：{reason}。请检查网络连接。{hint}",
    "errors.corpus.download_timeout": "无法下载 {url}：{timeout} 秒内没有响应。请检查网络连接。{hint}",
    "errors.corpus.download_failed": "无法下载 {url}：{reason}。{hint}",
    "errors.corpus.shakespeare_not_at": "在 {path} 找不到 Tiny Shakespeare：这里应当是一个文件，或一个包含 {filename} 或 input.txt 的文件夹。",
    "errors.corpus.shakespeare_missing": (
        "本机上没有 Tiny Shakespeare。请下载它（应用里有下载按钮；在 Python 中可调用 "
        "gpt_core.data.download_shakespeare()），或从 {url} 下载并保存为 {dest}，或把 ${env} 指向该文件或它所在的文件夹。"
    ),
    # ---- gpt_core/tokenizers.py (UnknownCharactersError)
    "errors.tokenizer.unknown_chars": (
        "有 {chars}不在分词器的词表里：{shown}，出现在 {positions}（{where}）；"
        "如需照常编码，请使用 unknown='skip' 或 unknown='replace'"
    ),
    "errors.tokenizer.n_chars.one": "{n} 个字符",
    "errors.tokenizer.n_chars.many": "{n} 个字符",
    "errors.tokenizer.n_positions.one": "{n} 个位置",
    "errors.tokenizer.n_positions.many": "{n} 个位置",
    "errors.tokenizer.shown_more": "{shown}……（还有 {n} 个）",
    # ---- gpt_core/checkpoint.py (CheckpointError)
    "errors.checkpoint.unknown_optimizer_param": "优化器状态里有一个未知的参数 {name!r}",
    "errors.checkpoint.model_vocab_mismatch": "分词器有 {tokenizer_vocab} 个词元，但模型的 vocab_size 是 {model_vocab}",
    "errors.checkpoint.too_short": "文件太短，不可能是 safetensors 检查点（{n_bytes} 字节）",
    "errors.checkpoint.truncated": "这不是 safetensors 文件，或者文件被截断了（头部长度指向了文件末尾之后）",
    "errors.checkpoint.header_not_json": "safetensors 头部不是有效的 JSON（{error}）",
    "errors.checkpoint.header_not_object": "safetensors 头部不是一个 JSON 对象",
    "errors.checkpoint.metadata_not_strings": "safetensors 元数据必须把名字映射到字符串",
    "errors.checkpoint.missing_metadata": (
        "检查点元数据中没有 {key!r}：这个文件不是 GPT Explorer 写出的（nanoGPT 的 ckpt.pt 文件可以改用导入）"
    ),
    "errors.checkpoint.metadata_not_json": "检查点元数据 {key!r} 不是有效的 JSON（{error}）",
    "errors.checkpoint.too_large": "检查点有 {mb:.0f} MB；上限是 {limit_mb} MB",
    "errors.checkpoint.wrong_format": "这不是 GPT Explorer 检查点（格式为 {format!r}，应为 {expected!r}）",
    "errors.checkpoint.wrong_version": "不支持的检查点版本 {version!r}；应为 {expected}",
    "errors.checkpoint.bad_config": "检查点中的模型配置有误：{error}",
    "errors.checkpoint.bad_tokenizer": "检查点中的分词器有误：{error}",
    "errors.checkpoint.config_vocab_mismatch": "分词器有 {tokenizer_vocab} 个词元，但 config.vocab_size 是 {config_vocab}",
    "errors.checkpoint.record_not_object": "检查点的 'record' 必须是一个 JSON 对象",
    "errors.checkpoint.unreadable_tensors": "无法读取张量：{error}",
    "errors.checkpoint.optimizer_state_incomplete": "参数 {name!r} 的优化器状态缺少 {kind}",
    "errors.checkpoint.config_mismatch": "检查点与它的配置不符：{problems}",
    "errors.checkpoint.problem.missing": "缺少张量：{names}{more}",
    "errors.checkpoint.problem.unexpected": "多出的张量：{names}{more}",
    "errors.checkpoint.problem.shape": "{key} 的形状是 {shape}，应为 {expected}",
    "errors.checkpoint.problem.dtype": "{key} 的数据类型是 {dtype}，应为浮点张量",
    "errors.checkpoint.problem.not_finite": "{key} 含有 NaN 或 Inf",
    "errors.checkpoint.no_file": "{path} 处没有检查点文件",
    "errors.checkpoint.file_too_large": "{name} 有 {mb:.0f} MB；上限是 {limit_mb} MB",
    "errors.checkpoint.file_too_short": "{path} 太短，不可能是检查点",
    "errors.checkpoint.not_safetensors": "{path} 不是 safetensors 文件",
    # ---- gpt_core/nanogpt.py (CheckpointError, UnsafePickleError)
    "errors.nanogpt.meta_global": "meta.pkl 引用了 {module}.{name}；只接受普通的字典、列表、字符串和数字，所以没有加载它",
    "errors.nanogpt.meta_persistent_id": "meta.pkl 使用了持久化 id（persistent id）；已拒绝",
    "errors.nanogpt.meta_not_plain": "meta.pkl 里有一个 {type}；只接受普通数据",
    "errors.nanogpt.meta_too_large": "meta.pkl 有 {n_bytes} 字节；上限是 {limit}",
    "errors.nanogpt.meta_unreadable": "meta.pkl 不是可读取的 pickle 文件（{type}：{error}）",
    "errors.nanogpt.meta_no_itos": "meta.pkl 中没有 'itos' 映射；它是 nanoGPT 的 data/shakespeare_char/meta.pkl 吗？",
    "errors.nanogpt.meta_bad_itos": "meta.pkl 的 'itos' 必须把 0..V-1 映射到单个字符",
    "errors.nanogpt.ckpt_too_large": "ckpt.pt 有 {mb:.0f} MB；上限是 {limit_mb} MB",
    "errors.nanogpt.ckpt_refused": "已拒绝 ckpt.pt：它包含张量和普通数据以外的对象（{reason}）",
    "errors.nanogpt.ckpt_unreadable": "ckpt.pt 不是可读取的 PyTorch 检查点（{type}：{error}）",
    "errors.nanogpt.ckpt_not_nanogpt": "ckpt.pt 缺少 'model' 和 'model_args'：它是 nanoGPT 的 train.py 写出的检查点吗？",
    "errors.nanogpt.meta_needed": (
        "nanoGPT 的 ckpt.pt 不带词表：请同时提供 nanoGPT 的 data/shakespeare_char/prepare.py 写出的 meta.pkl"
    ),
    "errors.nanogpt.args_not_dict": "ckpt.pt 的 'model_args' 不是字典",
    "errors.nanogpt.bad_args": "ckpt.pt 的 model_args 不完整或无效（{error}）",
    "errors.nanogpt.vocab_mismatch": "meta.pkl 有 {meta_vocab} 个字符，但模型的 vocab_size 是 {model_vocab}：这两个文件不是一套的",
    "errors.nanogpt.no_file": "{path} 处没有文件",
    # ---- gpt_core/hf_models.py (CheckpointError): Hugging Face 模型文件夹
    "errors.hf.gpt2_unsupported_flag": "这个 GPT-2 配置设置了 {flag}，GPT Explorer 没有实现它",
    "errors.hf.gpt2_no_score_scaling": "这个 GPT-2 配置关闭了 1/√hs 的分数缩放；GPT Explorer 总是会做这个缩放",
    "errors.hf.gpt2_bad_activation": "不支持 GPT-2 的 activation_function {value!r}；支持的有：{choices}",
    "errors.hf.rope_not_object": "config.json 的 rope_parameters 必须是一个对象",
    "errors.hf.rope_scaling_unsupported": "暂不支持 rope 缩放 {kind!r}（只支持普通的旋转位置编码）",
    "errors.hf.llama_bad_hidden_act": "不支持 Llama 的 hidden_act {value!r}；只支持 'silu'（SwiGLU）",
    "errors.hf.head_dim_mismatch": (
        "head_dim {head_dim} × {n_head} 个头 ≠ hidden_size {n_embd}：GPT Explorer 要求各个头正好拼成整个残差流"
    ),
    "errors.hf.config_not_object": "config.json 必须是一个 JSON 对象",
    "errors.hf.unsupported_model_type": "不支持 model_type {model_type!r}；支持的有：{choices}",
    "errors.hf.config_missing_key": "这个 {model_type} 模型的 config.json 缺少 {key!r}",
    "errors.hf.config_invalid": "这个 {model_type} 模型的 config.json 无效：{error}",
    "errors.hf.no_json_file": "{folder}/ 里没有 {file}（{what}）",
    "errors.hf.what.config": "模型的配置",
    "errors.hf.what.shard_index": "分片索引",
    "errors.hf.json_too_large": "{file} 超过了 {limit_mb} MB；已拒绝",
    "errors.hf.json_invalid": "{file} 不是有效的 JSON（{error}）",
    "errors.hf.index_no_weight_map": "model.safetensors.index.json 中没有 weight_map",
    "errors.hf.shard_outside_folder": "model.safetensors.index.json 列出的分片在文件夹之外，或不是 safetensors 文件：{name!r}",
    "errors.hf.shard_missing": "model.safetensors.index.json 中列出的分片 {name} 不存在",
    "errors.hf.pickle_only": (
        "{folder}/ 里只有 PyTorch pickle 格式的权重（pytorch_model.bin），而 GPT Explorer 从不反序列化 pickle。"
        "请获取 safetensors 格式：`hf download <repo> --include '*.safetensors' '*.json'`，"
        "或者在一台你信任的机器上用 transformers 转换一次："
        "AutoModelForCausalLM.from_pretrained(folder).save_pretrained(folder, safe_serialization=True)"
    ),
    "errors.hf.no_weights": "{folder}/ 里既没有 model.safetensors，也没有 model.safetensors.index.json",
    "errors.hf.weights_too_short": "{file} 太短，不可能是 safetensors 文件",
    "errors.hf.weights_truncated": "{file} 不是 safetensors 文件，或者文件被截断了",
    "errors.hf.weights_corrupt_header": "{file} 的 safetensors 头部已损坏",
    "errors.hf.tensor_bad_shape": "{file}：张量 {name!r} 没有有效的形状",
    "errors.hf.too_big_for_memory": (
        "{name} 有 {millions:,.0f}M 个参数：以 float32 存放需要 {need_gib:.1f} GiB，"
        "但可用内存只有 {free_gib:.1f} GiB；在加载之前已拒绝"
    ),
    "errors.hf.unreadable_weights": "无法读取 {file}：{error}",
    "errors.hf.qkv_incomplete": "第 {layer} 层缺少 q_proj、k_proj、v_proj 中某一个的 {kind}",
    "errors.hf.no_folder": "{path} 处没有模型文件夹",
    "errors.hf.no_tokenizer": (
        "{folder}/ 里没有 tokenizer.json；GPT Explorer 从这个文件读取分词器（只有 vocab.json + merges.txt 是不够的）"
    ),
    "errors.hf.tokenizer_unusable": "无法使用 tokenizer.json：{error}",
}
