"""Declarations and value types, at the bottom of the layers (they import nothing above):
the data dictionary (`dictionary`: tables, columns, indicators, the one schema), half-years
(`periods`), filters and their URL form (`filters`), the report types every output renders
(`reports`), how a figure reads as text (`formats`), the bundled geography (`geo`) and the
Excel writer of a report (`excel`)."""
