"""The duty room's screens (总值班室): the log, entries, reports, notices, handover, rosters."""
