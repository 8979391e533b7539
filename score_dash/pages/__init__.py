"""The pages: the list of pages in review order with their report builders (`registry`),
and each Review page's content declared once for the screen and the pack (`content`, the
blocks; `overview`, `coverage`, `modules`, `results`, `gender`, `partners`, a page each)."""
