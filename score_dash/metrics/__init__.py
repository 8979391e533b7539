"""Every figure the dashboard shows, computed here and only here (pure pandas).

Functions take the filtered frames (`filters.apply_filters`), the resolved periods and
plain parameters (never settings: the caller passes `small_n` and the like), and return
plain values or DataFrames whose column headers are what the screen and the Excel file show
("(%)" columns hold 0-100 percentages). One submodule per page family, each with a
`build_report(...) -> reports.PageReport`; `indicators` holds the logframe's indicator
functions that several pages share, `common` the small building blocks.
"""
