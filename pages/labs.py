import streamlit as st

st.title("labs")
st.info("Coming in this build.")
