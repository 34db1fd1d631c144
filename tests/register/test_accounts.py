"""Accounts: users of an organisation and its services with their roles, passwords as the
NCSC advises them hashed with argon2id, server-side sessions with idle and absolute ends,
failed sign-ins paused per account and per address, and API tokens kept hashed. The
clock is handed in (`at=`), never waited for."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from sharewise.register.accounts.passwords import Passwords, one_time, weakness
from sharewise.register.accounts.schemas import ROLES, Refused, TooManyTries
from sharewise.register.accounts.service import WRONG, Accounts
from sharewise.register.errors import RecordRejected
from sharewise.register.principal import NotIdentified, Principal, acting, from_token
from sharewise.register.store import Register
from sharewise.register.tables import ApiTokenRow, SessionRow, SignInAttemptRow, UserRow
from sharewise.settings import Settings

# Quick parameters for the tests' own users; the real ones are argon2-cffi's defaults.
QUICK = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
GOOD = "kettle orchard violin lantern"
START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ADDRESS = "192.0.2.10"


@pytest.fixture
def accounts(area: Register) -> Accounts:
    area.accounts.passwords = Passwords(QUICK)
    return area.accounts


def add(accounts: Accounts, username: str = "jo.smith", **given: object) -> str:
    """Add a practitioner (or as `given` says) with the password GOOD; their username."""
    details: dict[str, object] = {
        "roles": ["practitioner"],
        "practitioner": "jo",
        "password": GOOD,
        **given,
    }
    organisation = str(details.pop("organisation", "council"))
    roles = details.pop("roles")
    assert isinstance(roles, list)
    account, _ = accounts.add_user(organisation, username, roles, **details)  # type: ignore[arg-type]
    return account.username


def refusal(error: pytest.ExceptionInfo[RecordRejected]) -> tuple[str, str, str]:
    (found,) = error.value.errors
    return found.field, found.problem, found.allowed


# --- users ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(ROLES))
def test_a_user_of_each_role_acts_as_a_principal_of_their_organisation(
    accounts: Accounts, role: str
) -> None:
    practitioner = "jo" if role in {"practitioner", "advisor"} else None
    account, one_time_password = accounts.add_user(
        "council", "Jo.Smith", [role], services=["early-help"], practitioner=practitioner
    )
    assert account.username == "jo.smith"  # one spelling, whatever the case typed
    assert (account.organisation, account.roles, account.services) == (
        "council",
        frozenset({role}),
        frozenset({"early-help"}),
    )
    assert account.must_change_password and one_time_password
    assert accounts.user("jo.smith") == account
    assert acting(account) == Principal(
        "council", practitioner or "", frozenset({role}), frozenset({"early-help"}), "jo.smith"
    )


def test_a_user_may_hold_several_roles_and_the_principal_keeps_its_old_shape(
    accounts: Accounts,
) -> None:
    add(accounts, roles=["practitioner", "advisor", "practitioner"])
    principal = acting(accounts.user("jo.smith"))
    assert principal.roles == {"practitioner", "advisor"}
    assert (principal.name, principal.reach) == ("council/jo", frozenset({"council"}))
    # Named by the header or "Who are you?", a principal is as it was: no account, no roles.
    assert Principal("council", "jo") == Principal("council", "jo", frozenset(), frozenset(), None)


@pytest.mark.parametrize(
    ("given", "field", "said", "allowed"),
    [
        ({"organisation": "nowhere"}, "organisation", "no organisation 'nowhere'", "council"),
        ({"roles": ["boss"]}, "roles[0]", "'boss' is not a role", "advisor, manager, auditor"),
        ({"roles": []}, "roles", "no role is given", "practitioner, advisor"),
        ({"practitioner": None}, "practitioner", "none is named", "practitioner record"),
        ({"practitioner": "pat"}, "practitioner", "no practitioner 'pat'", "al"),
        ({"services": ["nowhere"]}, "services", "no service 'nowhere'", "early-help"),
        (
            {
                "organisation": "police",
                "roles": ["auditor"],
                "services": ["early-help"],
                "practitioner": None,
            },
            "services",
            "police is not a member of the service 'early-help'",
            "none",
        ),
        ({"password": "Password123!"}, "password", "mostly a common password", "12 characters"),
        ({"password": "short words"}, "password", "shorter than 12", "three or four unrelated"),
        ({"password": "jo.smith at home 42"}, "password", "holds the username", "username"),
        ({"password": "riverside lunch at 12"}, "password", "'riverside'", "organisation"),
    ],
)
def test_a_user_is_refused_naming_what_is_wrong_and_nothing_is_stored(
    accounts: Accounts, given: dict[str, object], field: str, said: str, allowed: str
) -> None:
    with pytest.raises(RecordRejected) as refused:
        add(accounts, **given)
    found_field, problem, found_allowed = refusal(refused)
    assert (found_field, said in problem, allowed in found_allowed) == (field, True, True)
    assert accounts.users() == []


@pytest.mark.parametrize("username", ["jo", "jo smith", "-jo", "jo\x00smith", "j" * 65])
def test_a_username_not_of_the_allowed_shape_is_refused(accounts: Accounts, username: str) -> None:
    with pytest.raises(RecordRejected) as refused:
        add(accounts, username)
    assert refusal(refused)[0] == "username"
    assert "3 to 64 characters" in refusal(refused)[2]


def test_a_username_is_taken_whatever_its_case(accounts: Accounts) -> None:
    add(accounts)
    with pytest.raises(RecordRejected) as refused:
        add(accounts, "JO.SMITH", roles=["auditor"], practitioner=None)
    assert refusal(refused) == (
        "username",
        "the username 'jo.smith' is taken",
        "a username not used yet",
    )
    assert [a.username for a in accounts.users()] == ["jo.smith"]


def test_users_are_listed_by_organisation(accounts: Accounts) -> None:
    add(accounts)
    add(accounts, "pat.lee", organisation="trust", practitioner="pat")
    assert [a.username for a in accounts.users()] == ["jo.smith", "pat.lee"]
    assert [a.username for a in accounts.users("trust")] == ["pat.lee"]
    with pytest.raises(RecordRejected):
        accounts.users("nowhere")


# --- passwords -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "Password123!",  # a common password, dressed up
        "P@ssw0rd2024!",  # the same, read through its swaps
        "Summer2024!!!",
        "iloveyou2015",
        "monkey-dragon-sunshine",  # three common passwords in a row
        "qwertyuiop12",
        "123456789012",
        "abcdefghijklmnop",
        "aaaaaaaaaaaa",
        "Kx9!Kx9!Kx9!Kx9!",  # one short password, four times
        "short one",
        "x" * 129,
    ],
)
def test_a_weak_password_is_named_so(password: str) -> None:
    assert weakness(password) is not None


@pytest.mark.parametrize(
    "password",
    [
        "kettle orchard violin lantern",
        "correct horse battery staple",
        "purple monkey dishwasher",  # one common word among others
        "849302716584",  # no rule about mixing kinds of character
        "Tr0ub4dor&3xyz",
        "a lyrebird sings at dusk",
        "señor café naïve über",
    ],
)
def test_a_strong_password_passes_whatever_its_characters(password: str) -> None:
    assert weakness(password) is None


def test_a_password_holding_the_username_or_the_organisation_is_refused() -> None:
    organisation = ("riverside-council", "Riverside Council")
    assert weakness("jo.smith plays the oboe", "jo.smith") == "holds the username"
    assert weakness("my c0uncil laptop key", "jo.smith", organisation) == (
        "holds 'council', from the organisation's name"
    )
    assert weakness("my laptop key at work", "jo.smith", organisation) is None


def test_a_one_time_password_is_random_and_passes_the_policy() -> None:
    made = {one_time("jo.smith", ("council",)) for _ in range(200)}
    assert len(made) == 200
    assert all(weakness(p, "jo.smith", ("council",)) is None for p in made)


def test_a_password_is_stored_as_an_argon2id_hash_and_rehashed_when_parameters_change(
    accounts: Accounts,
) -> None:
    add(accounts)

    def stored() -> str:
        with accounts.engine.connect() as connection:
            return str(connection.execute(select(UserRow.password_hash)).scalar_one())

    before = stored()
    assert before.startswith("$argon2id$") and "m=1024,t=1,p=1" in before
    assert GOOD not in before
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    accounts.passwords = Passwords(stronger)
    accounts.sign_in("jo.smith", GOOD, ADDRESS, at=START)
    after = stored()
    assert "m=2048,t=2,p=1" in after and not accounts.passwords.needs_rehash(after)
    accounts.sign_in("jo.smith", GOOD, ADDRESS, at=START)  # the same password, still
    assert stored() == after
    with pytest.raises(Refused, match=WRONG):
        accounts.sign_in("jo.smith", GOOD + "!", ADDRESS, at=START)


def test_the_real_parameters_are_argon2_cffis_recommended_ones() -> None:
    hasher = Passwords().hasher
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (3, 65536, 4)


def test_a_one_time_password_must_be_changed_at_first_sign_in(accounts: Accounts) -> None:
    _, given = accounts.add_user("council", "jo.smith", ["practitioner"], practitioner="jo")
    assert given is not None
    signed_in = accounts.sign_in("jo.smith", given, ADDRESS, at=START)
    assert signed_in.must_change_password
    secret, _ = accounts.start_session(signed_in, at=START)
    with pytest.raises(RecordRejected) as wrong:
        accounts.change_password("jo.smith", "not the one", GOOD)
    assert refusal(wrong)[0] == "current"
    with pytest.raises(RecordRejected) as weak:
        accounts.change_password("jo.smith", given, "Password123!")
    assert refusal(weak)[0] == "password"
    with pytest.raises(RecordRejected) as same:
        accounts.change_password("jo.smith", given, given)
    assert refusal(same)[1] == "the new password is the one you have"
    changed = accounts.change_password("jo.smith", given, GOOD, at=START)
    assert not changed.must_change_password
    with pytest.raises(Refused):
        accounts.session(secret, at=START)  # a new password ends every session
    with pytest.raises(Refused, match=WRONG):
        accounts.sign_in("jo.smith", given, ADDRESS, at=START)
    assert accounts.sign_in("jo.smith", GOOD, ADDRESS, at=START) == changed


def test_an_unknown_username_and_a_wrong_password_are_refused_alike(accounts: Accounts) -> None:
    add(accounts)
    with pytest.raises(Refused) as unknown:
        accounts.sign_in("nobody", GOOD, ADDRESS, at=START)
    with pytest.raises(Refused) as wrong:
        accounts.sign_in("jo.smith", "not the password at all", ADDRESS, at=START)
    assert unknown.value.problem == wrong.value.problem == WRONG
    with pytest.raises(Refused, match=WRONG):
        accounts.sign_in("jo\x00smith", GOOD, ADDRESS, at=START)  # PostgreSQL could not search


def test_a_disabled_user_cannot_sign_in_and_their_sessions_and_tokens_end(
    accounts: Accounts,
) -> None:
    add(accounts)
    secret, _ = accounts.start_session(accounts.user("jo.smith"), at=START)
    token, _ = accounts.create_token("jo.smith", at=START)
    assert accounts.disable("jo.smith", at=START) == (1, 1)
    assert accounts.user("jo.smith").disabled
    with pytest.raises(Refused, match="disabled"):
        accounts.sign_in("jo.smith", GOOD, ADDRESS, at=START)
    with pytest.raises(Refused, match="not signed in"):
        accounts.session(secret, at=START)
    with pytest.raises(Refused, match="revoked"):
        accounts.token_holder(token, at=START)
    with pytest.raises(RecordRejected, match="disabled already"):
        accounts.disable("jo.smith")


# --- sessions ------------------------------------------------------------------------


def test_every_sign_in_starts_a_new_session_kept_only_as_a_hash(accounts: Accounts) -> None:
    add(accounts)
    account = accounts.sign_in("jo.smith", GOOD, ADDRESS, at=START)
    first, session = accounts.start_session(account, at=START)
    second, _ = accounts.start_session(account, at=START)
    assert first != second and len(first) >= 43  # 256 bits
    assert session.expires_at == START + timedelta(hours=12)
    assert session.idle_expires_at == START + timedelta(minutes=30)
    with accounts.engine.connect() as connection:
        kept = set(connection.execute(select(SessionRow.id)).scalars())
    assert kept == {hashlib.sha256(s.encode()).hexdigest() for s in (first, second)}
    assert accounts.session(first, at=START).account == account


def test_a_session_ends_when_unused_for_the_idle_time(accounts: Accounts) -> None:
    add(accounts)
    secret, _ = accounts.start_session(accounts.user("jo.smith"), at=START)
    used = START + timedelta(minutes=29)
    assert accounts.session(secret, at=used).idle_expires_at == used + timedelta(minutes=30)
    # Used again within the minute: not written again.
    assert accounts.session(secret, at=used + timedelta(seconds=30)).last_seen_at == used
    assert accounts.session(secret, at=used + timedelta(minutes=29)).account.username == "jo.smith"
    with pytest.raises(Refused, match="not used for a while"):
        accounts.session(secret, at=used + timedelta(minutes=29 + 30))


def test_a_session_ends_at_its_absolute_end_however_used(accounts: Accounts) -> None:
    add(accounts)
    secret, _ = accounts.start_session(accounts.user("jo.smith"), at=START)
    moment = START
    while moment < START + timedelta(hours=12) - timedelta(minutes=20):
        moment += timedelta(minutes=20)
        found = accounts.session(secret, at=moment)
        assert found.idle_expires_at <= START + timedelta(hours=12)
    with pytest.raises(Refused, match="has ended"):
        accounts.session(secret, at=START + timedelta(hours=12))


def test_signing_out_ends_one_session_or_all_of_them(accounts: Accounts) -> None:
    add(accounts)
    account = accounts.user("jo.smith")
    one, _ = accounts.start_session(account, at=START)
    two, _ = accounts.start_session(account, at=START)
    three, _ = accounts.start_session(account, at=START)
    accounts.end_session(one)
    with pytest.raises(Refused, match="not signed in"):
        accounts.session(one, at=START)
    assert accounts.end_sessions("jo.smith") == 2
    for secret in (two, three):
        with pytest.raises(Refused, match="not signed in"):
            accounts.session(secret, at=START)


def test_the_session_lengths_follow_the_settings(database_url: str) -> None:
    register = Register.open(database_url, Settings(session_idle_minutes=5, session_hours=1))
    try:
        rules = register.accounts.rules
        assert (rules.idle, rules.lasting) == (timedelta(minutes=5), timedelta(hours=1))
    finally:
        register.close()


# --- failed sign-ins -----------------------------------------------------------------


def test_failed_sign_ins_pause_the_account_until_the_oldest_leaves_the_window(
    accounts: Accounts,
) -> None:
    add(accounts)
    for minute in range(5):
        with pytest.raises(Refused, match=WRONG):
            accounts.sign_in(
                "jo.smith", "a wrong guess", ADDRESS, at=START + timedelta(minutes=minute)
            )
    later = START + timedelta(minutes=6)
    # Even the right password waits, from any address: it is the account being guessed.
    for address in (ADDRESS, "198.51.100.7"):
        with pytest.raises(TooManyTries) as paused:
            accounts.sign_in("jo.smith", GOOD, address, at=later)
        assert paused.value.until == START + timedelta(minutes=15)
        assert "too many failed sign-ins for this account" in paused.value.problem
        assert "09:15 UTC" in paused.value.problem
    wait = accounts.sign_in_wait("jo.smith", ADDRESS, at=later)
    assert wait is not None and (wait.until, wait.what) == (
        START + timedelta(minutes=15),
        "account",
    )
    assert accounts.sign_in_wait("pat.lee", "198.51.100.7", at=later) is None
    then = START + timedelta(minutes=15)
    assert accounts.sign_in_wait("jo.smith", ADDRESS, at=then) is None
    assert accounts.sign_in("jo.smith", GOOD, ADDRESS, at=then).username == "jo.smith"


def test_guessing_the_current_password_to_change_it_pauses_as_signing_in_does(
    accounts: Accounts,
) -> None:
    # A session left open is no way round the pause: a change tries the current password.
    add(accounts)
    for minute in range(5):
        with pytest.raises(RecordRejected):
            accounts.change_password(
                "jo.smith", "a wrong guess", "harbour pebble cinnamon drift", ADDRESS,
                at=START + timedelta(minutes=minute),
            )  # fmt: skip
    later = START + timedelta(minutes=6)
    with pytest.raises(TooManyTries, match="this account"):
        accounts.change_password("jo.smith", GOOD, "harbour pebble cinnamon drift", at=later)
    with pytest.raises(TooManyTries):
        accounts.sign_in("jo.smith", GOOD, "198.51.100.7", at=later)
    then = START + timedelta(minutes=15)
    changed = accounts.change_password(
        "jo.smith", GOOD, "harbour pebble cinnamon drift", ADDRESS, at=then
    )
    assert changed.username == "jo.smith"
    assert accounts.sign_in_wait("jo.smith", ADDRESS, at=then) is None  # its count taken back


def test_a_right_password_takes_back_the_accounts_failures(accounts: Accounts) -> None:
    add(accounts)
    for round_ in range(3):
        for attempt in range(4):
            at = START + timedelta(minutes=round_ * 5 + attempt)
            with pytest.raises(Refused, match=WRONG):
                accounts.sign_in("jo.smith", "a wrong guess", ADDRESS, at=at)
        accounts.sign_in("jo.smith", GOOD, ADDRESS, at=START + timedelta(minutes=round_ * 5 + 4))


def test_failed_sign_ins_pause_the_address_whichever_accounts_they_try(
    accounts: Accounts,
) -> None:
    accounts.rules = replace(accounts.rules, address_failures=3)
    add(accounts)
    for number in range(3):
        with pytest.raises(Refused, match=WRONG):
            accounts.sign_in(f"guess{number}", GOOD, ADDRESS, at=START)
    with pytest.raises(TooManyTries, match="your network address"):
        accounts.sign_in("jo.smith", GOOD, ADDRESS, at=START + timedelta(minutes=1))
    assert accounts.sign_in("jo.smith", GOOD, "198.51.100.7", at=START).username == "jo.smith"


def test_the_count_is_in_the_register_so_every_server_process_agrees(
    accounts: Accounts, database_url: str
) -> None:
    add(accounts)
    other = Register.open(database_url)
    try:
        for _ in range(5):
            with pytest.raises(Refused):
                other.accounts.sign_in("jo.smith", "a wrong guess", ADDRESS, at=START)
        with pytest.raises(TooManyTries):
            accounts.sign_in("jo.smith", GOOD, ADDRESS, at=START + timedelta(minutes=1))
    finally:
        other.close()
    with accounts.engine.connect() as connection:
        kept = " ".join(connection.execute(select(SignInAttemptRow.key)).scalars())
    assert "jo.smith" not in kept and ADDRESS not in kept  # hashes only


def test_the_count_follows_the_settings(database_url: str) -> None:
    settings = Settings(
        sign_in_account_failures=2, sign_in_address_failures=9, sign_in_window_minutes=60
    )
    register = Register.open(database_url, settings)
    try:
        rules = register.accounts.rules
        assert (rules.account_failures, rules.address_failures, rules.window) == (
            2,
            9,
            timedelta(minutes=60),
        )
    finally:
        register.close()


# --- API tokens ----------------------------------------------------------------------


def test_a_token_acts_as_its_user_and_is_kept_only_as_a_hash(area: Register) -> None:
    accounts = area.accounts
    accounts.passwords = Passwords(QUICK)
    add(accounts, roles=["practitioner", "advisor"], services=["early-help"])
    token, listed = accounts.create_token("jo.smith", "nightly export", at=START)
    assert token.startswith("sw_") and len(token) >= 46
    assert listed.expires_at == START + timedelta(days=90)
    with accounts.engine.connect() as connection:
        assert connection.execute(select(ApiTokenRow.hash)).scalar_one() == (
            hashlib.sha256(token.encode()).hexdigest()
        )
    assert accounts.token_holder(token, at=START).username == "jo.smith"
    assert from_token(area, token) == Principal(
        "council",
        "jo",
        frozenset({"practitioner", "advisor"}),
        frozenset({"early-help"}),
        "jo.smith",
    )
    assert accounts.tokens("jo.smith") == [listed]


@pytest.mark.parametrize(
    ("presented", "problem"),
    [
        (None, "no API token is given"),
        ("", "no API token is given"),
        ("Bearer sw_x", "not a sharewise API token"),
        ("sw_" + "x" * 43, "not known"),
        ("sw_\x00", "not known"),
    ],
)
def test_a_token_that_is_no_token_is_refused(
    area: Register, presented: str | None, problem: str
) -> None:
    with pytest.raises(NotIdentified, match=problem):
        from_token(area, presented)


def test_a_token_expires(accounts: Accounts) -> None:
    add(accounts)
    token, listed = accounts.create_token("jo.smith", lifetime=timedelta(days=7), at=START)
    assert listed.expires_at == START + timedelta(days=7)
    assert accounts.token_holder(token, at=START + timedelta(days=7) - timedelta(seconds=1))
    with pytest.raises(Refused, match="the token expired on 2026-12-14"):
        accounts.token_holder(token, at=START + timedelta(days=7))


def test_a_token_is_revoked_by_its_id_or_by_its_name(accounts: Accounts) -> None:
    add(accounts)
    by_id, first = accounts.create_token("jo.smith", "one", at=START)
    by_name, second = accounts.create_token("jo.smith", "two", at=START)
    with pytest.raises(RecordRejected, match="has a token named 'two' already"):
        accounts.create_token("jo.smith", "two", at=START)
    assert [t.id for t in accounts.revoke_token(first.id, at=START)] == [first.id]
    assert accounts.revoke_token(first.id, at=START) == []  # revoked already
    assert [t.id for t in accounts.revoke_token(username="jo.smith", name="two")] == [second.id]
    for token in (by_id, by_name):
        with pytest.raises(Refused, match="the token was revoked on"):
            accounts.token_holder(token, at=START)
    # Its name is free again, for a new token.
    accounts.create_token("jo.smith", "two", at=START)
    for wrong in ("nonsense", "abcdefabcdef"):
        with pytest.raises(RecordRejected) as refused:
            accounts.revoke_token(wrong)
        assert refusal(refused)[0] == "token"


def test_a_token_follows_its_users_organisation_and_roles_as_they_are(
    area: Register,
) -> None:
    accounts = area.accounts
    accounts.passwords = Passwords(QUICK)
    add(accounts, "pat.lee", organisation="trust", roles=["auditor"], practitioner=None)
    token, _ = accounts.create_token("pat.lee")
    principal = from_token(area, token)
    assert (principal.organisation, principal.practitioner, principal.roles) == (
        "trust",
        "",
        frozenset({"auditor"}),
    )
    assert principal.reach == {"trust"}
