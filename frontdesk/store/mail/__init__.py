"""The mail room (收发室): petition letters, registered post, incoming documents."""
