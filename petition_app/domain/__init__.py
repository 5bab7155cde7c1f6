"""Pure domain logic: no Flask, no SQLAlchemy."""
