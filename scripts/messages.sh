#!/bin/sh
# Extract the marked text (t("...") and N_("...")) into the template and update the Hindi
# catalog with it (README, "Languages"). New entries arrive with an empty msgstr: English is
# shown until a translation is written. The catalog is compiled when the app reads it.
set -eu
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
"$PYBABEL" extract -F babel.cfg -k t -k N_ --no-default-keywords --sort-by-file --width 100 \
    --project "SCORE India review dashboard" --copyright-holder "ILO SCORE India" \
    -o score_dash/locale/score_dash.pot .
"$PYBABEL" update -i score_dash/locale/score_dash.pot -d score_dash/locale -D score_dash \
    -l hi --width 100 --no-fuzzy-matching --ignore-obsolete
