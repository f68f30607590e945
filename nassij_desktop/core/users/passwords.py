"""Password hashes: the one argon2 configuration, and the check of a password against a
stored hash. No SQLAlchemy: the command line's light read path signs in with it too."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's argon2id configuration (19 MiB, 2 passes, 1 lane): about 0.05 s on this project's
# two-core reference machine, against 0.2–0.5 s for argon2-cffi's default (64 MiB, 3 passes,
# 4 lanes), which also took both cores from the window being prepared meanwhile. A hash made
# with other parameters still verifies, and is renewed at the next sign-in.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# In a write session's `info` on a password-protected file (storage.database.Database
# .transaction): the list of (login, new password) the services set, whose file key storage
# re-wraps once the transaction is committed. Absent for a plain file.
PASSWORDS_SET = "nassij_passwords_set"


def password_set(session_info: dict[str, object], login: str, password: str) -> None:
    """Tell storage that `login`'s password is now `password` (see PASSWORDS_SET)."""
    pending = session_info.get(PASSWORDS_SET)
    if isinstance(pending, list):
        pending.append((login, password))


def hash_matches(password_hash: str | None, password: str) -> bool:
    """Whether `password` is the one behind `password_hash`; without a hash (no such
    account), a hash is computed all the same, so that the answer takes as long."""
    if password_hash is None:
        HASHER.hash(password)
        return False
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
