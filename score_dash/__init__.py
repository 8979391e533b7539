"""SCORE India review dashboard: the pure package (no Streamlit outside `score_dash.ui`)."""

__version__ = "0.1.0"
