"""`python -m score_dash`: see score_dash/cli.py."""

import sys

from score_dash.cli import main

sys.exit(main())
