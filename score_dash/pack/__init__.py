"""The review meeting's PDF pack: every Review page's declared content
(score_dash/pages/content.py) drawn for print, charts offline to SVG at print size, set
with the Typst template in data/pack (`document`)."""
