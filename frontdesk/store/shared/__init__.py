"""What the desks share: the audit chain, the channel registry, numbers, people's history,
identity documents, operators and permissions, drafts, backups."""
