"""The administrators' screens: operators and the audit log."""
