"""The review meeting's PDF pack: every Review page's declared content
(score_dash/pages/content.py) for print, in four steps:

- model.py: what a pack is made of (its blocks and what it says about itself);
- draw.py: a page's content as those blocks (charts offline to SVG at print size);
- compose.py: the sections, from each page's report as the one assembly gives it;
- render.py: the Typst template in data/pack sets them as a PDF.
"""
