"""Everything rendered for a reader: slips, lines and JSON of records, the daily
report's text and documents, CSV and spreadsheet exports, the print command.

Takes the store's data objects and puts them in the reader's language; it runs
no SQL and knows no screen or command line, so both clients use it alike.
"""
