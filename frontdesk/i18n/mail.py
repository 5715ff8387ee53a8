"""Messages of the mail room (收发室): store rules, command line and screens."""

MESSAGES: dict[str, tuple[str, str]] = {
}
