import streamlit as st

from explorer.context import page_context

ctx = page_context()
st.title("overview")
st.write(ctx.labels)
