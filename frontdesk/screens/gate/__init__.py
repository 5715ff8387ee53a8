"""The way in: first run, sign-in and the lock screen."""
