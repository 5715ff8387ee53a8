"""The command groups of each job; ``frontdesk.cli`` puts them together."""
