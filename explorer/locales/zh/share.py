"""简体中文 strings of explorer/ui/share.py."""
STRINGS = {
    "share.header": "🔗 分享此视图",
    "share.caption": "地址栏保存着当前视图（页面、模型、文本，以及与默认值不同的设置）；在任何浏览器中打开这个链接都会显示同样的视图。",
    "share.text_cut": "链接只带上了文本 {n:,} 个字符中的前 {max:,} 个。",
    "share.session_model": "这个模型只存在于当前浏览器标签页（在这里上传或训练），所以链接会打开默认模型。"
                           "要分享它，请把它下载为检查点（侧边栏的“导出”）。",
    "share.notice_intro": "这个链接中有部分内容无法使用，相应设置保持为默认值：",
    "share.problem.unknown": "{name}：不是本应用的设置（已忽略）",
    "share.problem.too_long": "{name}：值超过 {max} 个字符",
    "share.problem.bad_encoding": "{name}：值不是有效的 UTF-8 文本",
    "share.problem.control_chars": "{name}：值含有控制字符（“{value}”）",
    "share.problem.markup": "{name}：值看起来像网页代码（“{value}”），因此没有使用；如果确实需要，请自己输入到文本框中",
    "share.problem.not_a_number": "{name} = “{value}”：不是数字",
    "share.problem.not_a_choice": "{name} = “{value}”：必须是 {choices} 之一",
    "share.problem.out_of_range": "{name} = “{value}”：超出此模型和文本允许的范围 {lo}–{hi}",
    "share.problem.not_a_cell": "{name} = “{value}”：单元格是两个位置“查询,键”（例如 5,3）",
    "share.problem.text_cut": "{name}：只使用了 {n:,} 个字符中的前 {max:,} 个",
    "share.problem.model": "{name} = “{value}”：这里没有这个模型（或本应用不允许打开它）；显示的是默认模型",
}
