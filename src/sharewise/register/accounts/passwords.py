"""Passwords, as the NCSC advises (Password administration for system owners): long
enough, not one that attackers try first, and no rules about mixing kinds of character,
which push people to predictable patterns (Password1!). Hashed with argon2id.

A password is refused when, once the common passwords (`common_passwords.txt`, read
through the usual letter-for-symbol swaps: p@ssw0rd is password), the sequences (abcd,
1234, qwerty) and the repeats (aaaa, the same three characters again) are taken out of
it, fewer than `OWN` characters are left: Password123! and Summer2024!!! leave one and
five. A password holding the username or the organisation's name is refused outright."""

from __future__ import annotations

import re
import secrets
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from sharewise.register.errors import rejected

SHORTEST = 12  # NCSC: length is what makes a password hard to guess
LONGEST = 128  # long passphrases fit; longer would only make hashing an attack
OWN = 8  # characters left once the predictable parts are taken out
HOW = (
    f"at least {SHORTEST} characters and at most {LONGEST}, in any mix: three or four "
    "unrelated words make a good one. Not a common password, a sequence (abcd, 1234, "
    "qwerty) or repeats, and not your username or your organisation's name"
)

# The letters people swap in for others, read back as the letters.
_SWAPS = str.maketrans("@4083$5!1|7+9", "aaobessiiittg")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "abcdefghijklmnopqrstuvwxyz")
_LONGEST_WORD = 24


@cache
def _common() -> frozenset[str]:
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text("utf-8")
    words = (line.strip().casefold().translate(_SWAPS) for line in text.splitlines())
    return frozenset(w for w in words if len(w) >= 4 and not w.startswith("#"))


def weakness(password: str, username: str = "", organisation: tuple[str, ...] = ()) -> str | None:
    """What makes `password` too easy to guess, if anything. `organisation`: its code
    and name, whose words are as guessable as the username."""
    if len(password) < SHORTEST:
        return f"is {len(password)} characters long, shorter than {SHORTEST}"
    if len(password) > LONGEST:
        return f"is longer than {LONGEST} characters"
    if "\x00" in password:
        return "has a character that is not allowed (a NUL)"
    plain = password.casefold()
    read = plain.translate(_SWAPS)
    if len(username) >= 3 and (username in plain or username in read):
        return "holds the username"
    for word in {w for name in organisation for w in re.split(r"[^a-z0-9]+", name.casefold())}:
        if len(word) >= 4 and (word in plain or word in read):
            return f"holds {word!r}, from the organisation's name"
    if _own(plain, read) < OWN:
        return "is mostly a common password, a sequence (abcd, 1234, qwerty) or repeats"
    return None


def _own(plain: str, read: str) -> int:
    """How many characters are left once the predictable parts are taken out."""
    predictable = [False] * len(plain)

    def mark(start: int, length: int) -> None:
        predictable[start : start + length] = [True] * length

    common = _common()
    for start in range(len(read)):
        for end in range(start + 4, min(len(read), start + _LONGEST_WORD) + 1):
            if read[start:end] in common:
                mark(start, end - start)
    for start in range(len(plain)):
        if start and plain[start] == plain[start - 1]:
            mark(start, 1)  # aaaa: the first a is the person's, the rest follow
        if plain[start : start + 3] in plain[: max(start, 0)]:
            mark(start, 3)  # the same three characters again
        for length in (3, 4):  # digits run in threes (123), letters in fours (abcd)
            run = plain[start : start + length]
            if len(run) == length and (run.isdigit() == (length == 3)) and _in_a_row(run):
                mark(start, length)
    return predictable.count(False)


def _in_a_row(run: str) -> bool:
    return any(run in row or run in row[::-1] for row in _ROWS)


def check(password: str, username: str, organisation: tuple[str, ...]) -> None:
    """Refuse a password that `weakness` finds weak, naming what is allowed."""
    wrong = weakness(password, username, organisation)
    if wrong:
        raise rejected("password", f"the password {wrong}", HOW)


# No 0/O, 1/l/I: a one-time password is read from one screen and typed on another.
_CLEAR = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time(username: str = "", organisation: tuple[str, ...] = ()) -> str:
    """A new random password (about 93 bits), in groups of four for reading out."""
    while True:
        groups = ("".join(secrets.choice(_CLEAR) for _ in range(4)) for _ in range(4))
        password = "-".join(groups)
        if weakness(password, username, organisation) is None:
            return password


class Passwords:
    """Hashing and checking passwords with argon2id, at `hasher`'s parameters (by
    default argon2-cffi's: RFC 9106's second recommendation, 64 MiB, 3 passes)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()
        self._nobody: str | None = None

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """Whether `password` is the one `stored` was made from. With nothing stored
        (no such user) a hash is checked all the same, so that the time taken does not
        tell whether a username exists."""
        if stored is None:
            self._nobody = self._nobody or self.hasher.hash(secrets.token_urlsafe(16))
            stored = self._nobody
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """Whether `stored` was made with other parameters than today's."""
        try:
            return self.hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True
