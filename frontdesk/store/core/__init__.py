"""What every part of the store stands on: the connection, migrations and schema, errors, checks."""
