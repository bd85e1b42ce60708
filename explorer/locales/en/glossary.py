"""The Learn pages' glossary: one English and one Chinese word per term, used the same way in every Learn string
(tests/test_learn_glossary.py checks the Chinese catalogue keeps to it)."""
STRINGS = {
    "glossary.token": "token",
    "glossary.query": "query",
    "glossary.key": "key",
    "glossary.value": "value",
    "glossary.head": "head",
    "glossary.layer": "layer",
    "glossary.embedding": "embedding",
    "glossary.position": "position",
    "glossary.attention": "attention",
    "glossary.residual": "residual",
    "glossary.probability": "probability",
    "glossary.mask": "mask",
    "glossary.vocabulary": "vocabulary",
}
