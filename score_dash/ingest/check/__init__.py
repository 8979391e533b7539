"""The rules an upload must pass, each with a name and the refusal it explains.

- `cells`: one cell against its column (required, type, allowed value, range);
- `rows`: each record and each sheet within the file (unique keys, dates, totals);
- `database`: the file against what the database holds (references, Module 1 first,
  plausible KPI values);
- `upload`: `check_file`, which runs them all.

This package imports nothing itself, so that `parse` can use `cells` without a cycle.
"""
