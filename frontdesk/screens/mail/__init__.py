"""The mail room's screens (收发室): letters, registered post, incoming documents."""
