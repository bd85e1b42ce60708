"""The app side of GPT Explorer: state, cached resources, figures and jobs. Only this package and pages/ import streamlit."""
