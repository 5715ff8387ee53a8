"""The duty room (总值班室): the log, shifts and handover, notices, rosters, the 24-hour report."""
