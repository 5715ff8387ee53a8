"""Messages of the duty room (总值班室): store rules, command line and screens."""

MESSAGES: dict[str, tuple[str, str]] = {
}
