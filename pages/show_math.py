import streamlit as st

st.title("show_math")
st.info("Coming in this build.")
