"""学习页面的术语表：每个术语一个英文词、一个中文词，所有学习页面的字符串都照此使用。"""
STRINGS = {
    "glossary.token": "词元",
    "glossary.query": "查询",
    "glossary.key": "键",
    "glossary.value": "值",
    "glossary.head": "头",
    "glossary.layer": "层",
    "glossary.embedding": "嵌入",
    "glossary.position": "位置",
    "glossary.attention": "注意力",
    "glossary.residual": "残差",
    "glossary.probability": "概率",
    "glossary.mask": "掩码",
    "glossary.vocabulary": "词表",
}
