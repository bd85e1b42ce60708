"""English strings of the model picker, model paths and "get from the Hub" (explorer/ui/model_picker.py, hub_panel.py)."""
STRINGS = {
    "models.loading": "Loading {name}…",
    "models.load_failed": "Could not load {name}: {error}. The previous model stays active.",
    "models.unloadable": "Models found that cannot be loaded ({n})",
    "models.path.label": "Or open a model path on this server",
    "models.path.placeholder": "a folder with config.json, a .safetensors file or a ckpt.pt",
    "models.path.help": "Only inside the model folders: $GPT_EXPLORER_MODELS, the Hugging Face cache and assets/. "
                        "A relative path is read from the first of them.",
    "models.path.help_any": "Any path on this server (GPT_EXPLORER_ALLOW_ANY_PATH is set).",
    "models.path.empty": "Type a path first.",
    "models.path.too_long": "That is not a usable path.",
    "models.path.outside": "Refused: {path} is outside the model folders ({roots}). The operator can allow any "
                           "path with GPT_EXPLORER_ALLOW_ANY_PATH=1.",
    "models.path.missing": "There is nothing at {path}.",
    "models.hub.expander": "Get a model from the Hugging Face Hub",
    "models.hub.repo_label": "Repo id",
    "models.hub.repo_help": "For example gpt2, distilgpt2 or HuggingFaceTB/SmolLM2-135M (GPT-2, Llama and Mistral "
                            "models with safetensors weights). Nothing is downloaded before you confirm.",
    "models.hub.check": "Check size",
    "models.hub.checking": "Asking the Hub about {repo}…",
    "models.hub.plan": "**{repo}** ({family}, {params} parameters): {n} files, **{size} MB**, into the Hugging Face "
                       "cache at `{cache}`.",
    "models.hub.download": "Download {size} MB and open it",
    "models.hub.progress": "{name} {done} / {total} MB",
    "models.hub.done": "Downloaded and opened {name}.",
    "models.hub.error.bad_repo_id": "{repo!r} is not a repo id: use name or org/name (letters, digits, - _ .).",
    "models.hub.error.not_found": "The Hub has no model {repo} (or it is private). Check the spelling on "
                                  "huggingface.co.",
    "models.hub.error.gated": "{repo} is gated: accept its licence on huggingface.co and download it yourself "
                              "(`hf download {repo} --include '*.safetensors' '*.json'`); it then shows in the picker.",
    "models.hub.error.offline": "Hugging Face offline mode is on (HF_HUB_OFFLINE), so nothing can be downloaded.",
    "models.hub.error.network": "Could not reach the Hub ({detail}). Check the network connection and try again.",
    "models.hub.error.server": "The Hub answered with an error for {repo} ({detail}).",
    "models.hub.error.pickle_only": "{repo} has only PyTorch pickle weights (pytorch_model.bin), which GPT Explorer "
                                    "never unpickles. Look for a safetensors conversion of it, or convert once on a "
                                    "machine you trust with transformers: AutoModelForCausalLM.from_pretrained(repo)"
                                    ".save_pretrained(folder, safe_serialization=True), then put the folder in "
                                    "$GPT_EXPLORER_MODELS.",
    "models.hub.error.no_weights": "{repo} has no model.safetensors (or sharded model-….safetensors with their "
                                   "index), the weights GPT Explorer reads.",
    "models.hub.error.no_config": "{repo} has no config.json, so it is not a transformers model.",
    "models.hub.error.no_tokenizer": "{repo} has no tokenizer.json, which GPT Explorer reads the tokenizer from.",
    "models.hub.error.unsupported": "{repo} is a {model_type} model; GPT Explorer reads these families: "
                                    "{supported}.",
    "models.hub.error.too_big": "Not downloaded: {detail}",
    "models.hub.error.no_disk": "Not downloaded: it needs {need} MB but the cache's disk has {free} MB free.",
    "models.hub.error.disk": "Could not write to the Hugging Face cache: {detail}",
}
