"""GPT Explorer: see every step a small GPT takes on your text, and train one in the browser.

Run: streamlit run app.py
"""
import streamlit as st

from explorer.sidebar import render_sidebar

st.set_page_config(page_title="GPT Explorer", page_icon="🔍", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="🗺️", default=True),
    st.Page("pages/tokenization.py", title="Tokenization", icon="🔤"),
    st.Page("pages/embeddings.py", title="Embeddings", icon="📍"),
    st.Page("pages/attention.py", title="Attention", icon="👀"),
    st.Page("pages/softmax_mask.py", title="Softmax & mask", icon="🎭"),
    st.Page("pages/next_token.py", title="Next token", icon="🎲"),
    st.Page("pages/train.py", title="Train", icon="🏋️"),
]

navigation = st.navigation(PAGES)
render_sidebar()
navigation.run()
