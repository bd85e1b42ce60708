"""GPT Explorer: see every step a small GPT takes on your text, and train one in the browser.

Run: streamlit run app.py
"""
import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch loads: idle OpenMP threads must not spin (bench/README.md)

from explorer.ui.frame import run_app  # noqa: E402

run_app()
