import streamlit as st

from explorer.context import page_context

ctx = page_context()
st.title("next_token")
st.write(ctx.labels)
