import streamlit as st

st.title("what_if")
st.info("Coming in this build.")
