"""The review meetings: published reviews and the data version each fixed (`reviews`), the
minutes (decisions, action points with their status history, notes on figures, and their
storage: `minutes`), the Decisions & actions report (`actions`) and what changed since a
review (`since_review`)."""
