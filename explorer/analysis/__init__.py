"""Pure analyses for the views: gpt_core + numpy in, data a view draws out (no streamlit, no plotly, no HTML)."""
