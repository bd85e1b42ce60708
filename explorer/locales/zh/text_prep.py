"""简体中文 notices of explorer/analysis/text_prep.py."""
STRINGS = {
    "text_prep.empty": "请在侧边栏输入一些文本，看看模型会如何处理它。",
    "text_prep.unknown_one": "有 1 个字符不在本模型的词表中，已被{verb}：{shown}{more}（位于第 {where} 个字符）",
    "text_prep.unknown_many": "有 {n} 个字符不在本模型的词表中，已被{verb}：{shown}{more}（位于第 {where} 个字符）",
    "text_prep.verb_skip": "跳过",
    "text_prep.verb_replace": "替换为 {char}",
    "text_prep.too_long": (
        "这段文本有 {n} 个词元，但模型的上下文长度只有 {block}：只显示最后 {block} 个词元（开头的 {dropped} 个被丢弃）。"
    ),
    "text_prep.nothing_left": "文本中没有任何字符在本模型的词表里，因此没有内容可显示。请尝试普通字母。",
}
