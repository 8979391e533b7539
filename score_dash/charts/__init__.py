"""Altair chart builders (`build_*_chart`), one submodule per page family.

Charts take the tables that `score_dash.metrics` computes and draw them; they compute no
figure of their own, so a chart always agrees with its table and the Excel download.
"""
