"""The Streamlit layer: everything here may import streamlit; page sections live in subpackages."""
