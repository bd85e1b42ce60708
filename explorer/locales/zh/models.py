"""简体中文 strings of the model picker, model paths and "get from the Hub" (explorer/ui/model_picker.py, hub_panel.py)."""
STRINGS = {
    "models.loading": "正在加载 {name}…",
    "models.load_failed": "无法加载 {name}：{error}。仍使用原来的模型。",
    "models.unloadable": "找到但无法加载的模型（{n} 个）",
    "models.path.label": "或打开本服务器上的模型路径",
    "models.path.placeholder": "含 config.json 的文件夹、.safetensors 文件或 ckpt.pt",
    "models.path.help": "只能在模型文件夹之内：$GPT_EXPLORER_MODELS、Hugging Face 缓存和 assets/。"
                        "相对路径从其中第一个文件夹读起。",
    "models.path.help_any": "本服务器上的任何路径（已设置 GPT_EXPLORER_ALLOW_ANY_PATH）。",
    "models.path.empty": "请先输入路径。",
    "models.path.too_long": "这不是可用的路径。",
    "models.path.outside": "已拒绝：{path} 不在模型文件夹之内（{roots}）。管理员可以设置 "
                           "GPT_EXPLORER_ALLOW_ANY_PATH=1 来允许任何路径。",
    "models.path.missing": "{path} 处什么也没有。",
    "models.hub.expander": "从 Hugging Face Hub 获取模型",
    "models.hub.repo_label": "仓库 id",
    "models.hub.repo_help": "例如 gpt2、distilgpt2 或 HuggingFaceTB/SmolLM2-135M（带 safetensors 权重的 GPT-2、"
                            "Llama 和 Mistral 模型）。确认之前不会下载任何东西。",
    "models.hub.check": "查看大小",
    "models.hub.checking": "正在向 Hub 查询 {repo}…",
    "models.hub.plan": "**{repo}**（{family}，{params} 个参数）：{n} 个文件，共 **{size} MB**，存入 Hugging Face "
                       "缓存 `{cache}`。",
    "models.hub.download": "下载 {size} MB 并打开",
    "models.hub.progress": "{name} {done} / {total} MB",
    "models.hub.done": "已下载并打开 {name}。",
    "models.hub.error.bad_repo_id": "{repo!r} 不是仓库 id：请用 name 或 org/name（字母、数字、- _ .）。",
    "models.hub.error.not_found": "Hub 上没有模型 {repo}（或它是私有的）。请在 huggingface.co 上核对拼写。",
    "models.hub.error.gated": "{repo} 需要申请访问：请在 huggingface.co 上接受它的许可，然后自己下载"
                              "（`hf download {repo} --include '*.safetensors' '*.json'`），之后它会出现在模型列表里。",
    "models.hub.error.offline": "Hugging Face 离线模式已开启（HF_HUB_OFFLINE），无法下载。",
    "models.hub.error.network": "无法连接 Hub（{detail}）。请检查网络后重试。",
    "models.hub.error.server": "Hub 对 {repo} 返回了错误（{detail}）。",
    "models.hub.error.pickle_only": "{repo} 只有 PyTorch pickle 权重（pytorch_model.bin），GPT 探索器 从不反序列化"
                                    " pickle。请找它的 safetensors 版本，或在你信任的机器上用 transformers 转换一次："
                                    "AutoModelForCausalLM.from_pretrained(repo).save_pretrained(folder, "
                                    "safe_serialization=True)，再把该文件夹放进 $GPT_EXPLORER_MODELS。",
    "models.hub.error.no_weights": "{repo} 没有 model.safetensors（也没有分片的 model-….safetensors 及其索引），"
                                   "而 GPT 探索器 读取的正是这些权重。",
    "models.hub.error.no_config": "{repo} 没有 config.json，所以它不是 transformers 模型。",
    "models.hub.error.no_tokenizer": "{repo} 没有 tokenizer.json，而 GPT 探索器 从它读取分词器。",
    "models.hub.error.unsupported": "{repo} 是 {model_type} 模型；GPT 探索器 能读取的模型家族：{supported}。",
    "models.hub.error.too_big": "未下载：{detail}",
    "models.hub.error.no_disk": "未下载：需要 {need} MB，但缓存所在磁盘只剩 {free} MB。",
    "models.hub.error.disk": "无法写入 Hugging Face 缓存：{detail}",
}
