import streamlit as st

st.title("Train")
st.info("Training page: coming in this build.")
