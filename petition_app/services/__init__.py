"""Use cases. Each takes plain values and the acting user, checks permission,
does the work, writes the audit event and outbox rows, and commits once."""
