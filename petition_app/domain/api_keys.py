"""Secrets handed to machines (partner systems' Open311 keys, staff API tokens): random 256-bit
values, shown once, stored only as their SHA-256 (a random key of that size needs no slow hash)."""
import hashlib
import secrets


def new_key() -> str:
    return secrets.token_urlsafe(32)


def digest(key: str) -> str:
    """What is stored and looked up: the key's SHA-256, hex."""
    return hashlib.sha256(key.encode()).hexdigest()
