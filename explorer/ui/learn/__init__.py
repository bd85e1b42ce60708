"""The Learn pages' parts: the live views that answer the learners' questions (one module per subject), the links
to the views other pages already draw, the guided tour's steps and the quiz."""
