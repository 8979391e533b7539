"""Who may see what: roles and sign-in entries, and a report cut for a role (`policy`); the
viewers' publication of a data version, which groups and half-years may be shown at all
(`disclosure`)."""
