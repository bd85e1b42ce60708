"""GPT Explorer: see every step a small GPT takes on your text, and train one in the browser.

Run: streamlit run app.py
"""
import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch loads: idle OpenMP threads must not spin (bench/README.md)

import streamlit as st  # noqa: E402

from explorer.i18n import t  # noqa: E402
from explorer.sidebar import render_sidebar  # noqa: E402
from explorer.state import init_state  # noqa: E402

st.set_page_config(page_title="GPT Explorer", page_icon="🔍", layout="wide")
init_state()

PAGES = {
    t("app.section.explore"): [
        st.Page("pages/overview.py", title=t("app.nav.overview"), icon="🗺️", default=True),
        st.Page("pages/tokenization.py", title=t("app.nav.tokenization"), icon="🔤"),
        st.Page("pages/embeddings.py", title=t("app.nav.embeddings"), icon="📍"),
        st.Page("pages/attention.py", title=t("app.nav.attention"), icon="👀"),
        st.Page("pages/softmax_mask.py", title=t("app.nav.softmax"), icon="🎭"),
        st.Page("pages/next_token.py", title=t("app.nav.next_token"), icon="🎲"),
        st.Page("pages/train.py", title=t("app.nav.train"), icon="🏋️"),
    ],
    t("app.section.learn"): [
        st.Page("pages/labs.py", title=t("app.nav.labs"), icon="🧪"),
        st.Page("pages/what_if.py", title=t("app.nav.what_if"), icon="🔀"),
        st.Page("pages/show_math.py", title=t("app.nav.show_math"), icon="🧮"),
    ],
}

navigation = st.navigation(PAGES)
render_sidebar()
navigation.run()
