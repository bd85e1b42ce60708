"""Quiz: questions generated from the loaded model and your text, graded by gpt_core (gpt_core/quiz.py); each
answer's feedback opens the view that shows why; a score for the session. Prose: explorer/locales/<lang>/quiz.py."""
from __future__ import annotations

import streamlit as st

from explorer.i18n import t
from explorer.ui.context import page_context
from explorer.ui.learn.links import open_view_button
from gpt_core.quiz import make_quiz

WORDS = ("up", "down", "yes", "no")  # choices that are words, shown in the reader's language

ctx = page_context()
st.title(t("quiz.title"))
st.markdown(t("quiz.intro"))
seed = int(st.number_input(t("quiz.seed"), 0, 10_000, 0, key="quiz_seed"))
if len(ctx.prepared.ids) < 3:
    st.info(t("learn.need_tokens", n=3))
    st.stop()
questions = make_quiz(ctx.ckpt.model, ctx.tokenizer, ctx.prepared.ids, seed)
answered: dict = st.session_state.setdefault("quiz_answers", {})  # (model, ids, seed, kind) -> right?
for n, q in enumerate(questions):
    with st.container(border=True):
        st.markdown(f"**{n + 1}.** " + t(f"quiz.kind.{q.kind}", **q.params))
        labels = [t(f"quiz.word.{c}") if c in WORDS else c for c in q.choices]
        pick = st.radio(t("quiz.your_answer"), list(range(len(labels))), format_func=lambda i, labels=labels: labels[i],
                        index=None, key=f"quiz_{seed}_{q.kind}", horizontal=True)
        if pick is not None:
            key = (ctx.model_key, tuple(ctx.prepared.ids), seed, q.kind)
            answered.setdefault(key, pick == q.answer)  # the first answer counts
            if pick == q.answer:
                st.success(t("quiz.right"))
            else:
                st.error(t("quiz.wrong", answer=labels[q.answer]))
            open_view_button(q.view, f"quiz_why_{q.kind}", label=t("quiz.why"))
st.metric(t("quiz.score"), t("quiz.score_value", right=sum(answered.values()), n=len(answered)))  # after the answers
