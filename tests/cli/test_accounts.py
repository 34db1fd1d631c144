"""`sharewise admin` and `sharewise token` as an administrator uses them: a user is
created with a one-time password (or one read from standard input), a token is printed
on the last line, and every bad input exits 2 naming what is wrong and what is allowed,
with nothing stored. On SQLite, and PostgreSQL when the tests have one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from sharewise.cli import app
from sharewise.register.accounts.schemas import Refused
from sharewise.register.store import Register

runner = CliRunner()
GOOD = "kettle orchard violin lantern"


@pytest.fixture
def opened(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Register]:
    """The register the commands use, with an organisation of a service and one outside."""
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", database_url)
    register = Register.open(database_url)
    register.add_organisation("council", "Riverside Council", "local_authority")
    register.add_organisation("trust", "Riverside NHS Trust", "health")
    register.add_organisation("police", "Riverside Police", "police")
    register.add_service("early-help", "Early Help Hub", ["council", "trust"])
    register.add_practitioner("council", "jo", "Jo Smith", "Family support worker")
    yield register
    register.close()


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


def create(*more: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return run(
        "admin", "create", "--organisation", "council", "--username", "jo.smith", *more, stdin=stdin
    )


def test_a_user_is_created_with_a_one_time_password_they_must_change(opened: Register) -> None:
    created = create("--role", "practitioner", "--role", "advisor", "--practitioner", "jo")
    assert created.exit_code == 0, created.output
    assert "Stored user jo.smith in council, advisor, practitioner" in created.output
    assert "must change it when they first sign in" in created.output
    one_time = created.stdout.splitlines()[-1]
    account = opened.accounts.sign_in("jo.smith", one_time, "192.0.2.1")
    assert account.must_change_password and account.roles == {"practitioner", "advisor"}
    assert account.practitioner == "jo"


def test_a_password_is_read_from_standard_input(opened: Register) -> None:
    created = create(
        "--role", "auditor", "--service", "early-help", "--password-stdin", stdin=GOOD + "\n"
    )
    assert created.exit_code == 0, created.output
    assert "password is the one given" in created.output and GOOD not in created.output
    account = opened.accounts.sign_in("jo.smith", GOOD, "192.0.2.1")
    assert not account.must_change_password and account.services == {"early-help"}


@pytest.mark.parametrize(
    ("args", "stdin", "said"),
    [
        (("--role", "boss"), None, "'boss' is not a role. Allowed: practitioner, advisor"),
        ((), None, "no role is given. Allowed: one or more of practitioner"),
        (("--role", "practitioner"), None, "practitioner: a user with the role practitioner"),
        (("--role", "auditor", "--service", "nowhere"), None, "no service 'nowhere'"),
        (
            ("--role", "auditor", "--password-stdin"),
            "Password123!\n",
            "the password is mostly a common password",
        ),
        (("--role", "auditor", "--password-stdin"), "", "shorter than 12"),
    ],
)
def test_bad_input_exits_2_naming_what_is_allowed_and_stores_nothing(
    opened: Register, args: tuple[str, ...], stdin: str | None, said: str
) -> None:
    result = create(*args, stdin=stdin)
    assert result.exit_code == 2
    assert said in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert opened.accounts.users() == []


def test_an_unknown_organisation_and_a_taken_username_exit_2(opened: Register) -> None:
    unknown = run(
        "admin", "create", "--organisation", "nowhere", "--username", "x.y", "--role", "admin"
    )
    assert unknown.exit_code == 2
    assert "no organisation 'nowhere'. Allowed: council, police, trust" in unknown.output
    assert create("--role", "admin").exit_code == 0
    taken = create("--role", "auditor")
    assert taken.exit_code == 2 and "the username 'jo.smith' is taken" in taken.output
    assert [a.roles for a in opened.accounts.users()] == [frozenset({"admin"})]


def test_users_are_listed_and_disabled(opened: Register) -> None:
    create("--role", "practitioner", "--practitioner", "jo", "--service", "early-help")
    run("admin", "create", "--organisation", "trust", "--username", "pat.lee", "--role", "auditor")
    listed = run("admin", "list")
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[0].startswith("jo.smith in council, practitioner; services early-help")
    assert lines[0].endswith("acting as practitioner jo: must change password")
    assert lines[1] == "pat.lee in trust, auditor: must change password"
    assert run("admin", "list", "--organisation", "trust").output.count("\n") == 1
    disabled = run("admin", "disable", "--username", "pat.lee")
    assert disabled.exit_code == 0 and "0 sessions ended, 0 API tokens revoked" in disabled.output
    assert "pat.lee in trust, auditor: disabled" in run("admin", "list").output
    again = run("admin", "disable", "--username", "pat.lee")
    assert again.exit_code == 2 and "disabled already" in again.output
    nobody = run("admin", "disable", "--username", "nobody")
    assert nobody.exit_code == 2 and "there is no user 'nobody'" in nobody.output


def test_a_token_is_printed_on_the_last_line_and_acts_for_its_user(opened: Register) -> None:
    create("--role", "auditor")
    created = run("token", "create", "--username", "jo.smith", "--name", "nightly export")
    assert created.exit_code == 0, created.output
    token = created.stdout.splitlines()[-1]
    assert token.startswith("sw_")
    assert opened.accounts.token_holder(token).username == "jo.smith"
    (listed,) = opened.accounts.tokens("jo.smith")
    assert f"Stored API token {listed.id} for jo.smith (nightly export)" in created.output
    assert listed.expires_at.date() == (datetime.now(UTC) + timedelta(days=90)).date()
    shown = run("token", "list", "--username", "jo.smith")
    assert listed.id in shown.output and token not in shown.output


def test_a_token_expires_in_the_days_given(opened: Register) -> None:
    create("--role", "auditor")
    created = run("token", "create", "--username", "jo.smith", "--expires-in-days", "7")
    token = created.stdout.splitlines()[-1]
    in_a_week = datetime.now(UTC) + timedelta(days=7, minutes=1)
    with pytest.raises(Refused, match="expired"):
        opened.accounts.token_holder(token, at=in_a_week)
    too_long = run("token", "create", "--username", "jo.smith", "--expires-in-days", "400")
    assert too_long.exit_code == 2 and "366" in too_long.output
    assert len(opened.accounts.tokens("jo.smith")) == 1


def test_a_token_is_revoked_by_id_or_by_name(opened: Register) -> None:
    create("--role", "auditor")
    first = run("token", "create", "--username", "jo.smith").stdout.splitlines()[-1]
    second = run("token", "create", "--username", "jo.smith", "--name", "ci").stdout.splitlines()[
        -1
    ]
    (by_name, by_id) = opened.accounts.tokens("jo.smith")
    revoked = run("token", "revoke", by_id.id)
    assert revoked.exit_code == 0 and f"Revoked API token {by_id.id}" in revoked.output
    assert "revoked already" in run("token", "revoke", by_id.id).output
    named = run("token", "revoke", "--username", "jo.smith", "--name", "ci")
    assert named.exit_code == 0 and f"{by_name.id} of jo.smith (ci)" in named.output
    for token in (first, second):
        with pytest.raises(Refused, match="revoked"):
            opened.accounts.token_holder(token)
    for args in ((), ("--username", "jo.smith"), ("abcdefabcdef",), ("not-an-id",)):
        refused = run("token", "revoke", *args)
        assert refused.exit_code == 2 and "Allowed:" in refused.output, args


def test_a_token_for_nobody_exits_2(opened: Register) -> None:
    result = run("token", "create", "--username", "nobody")
    assert result.exit_code == 2 and "there is no user 'nobody'" in result.output


def test_the_demo_prints_its_accounts_labelled_as_such(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", database_url)
    seeded = run("demo", "--decisions", "10")
    assert seeded.exit_code == 0, seeded.output
    said = " ".join(seeded.output.split())
    assert "Demo accounts, invented, for trying sharewise out only" in said
    assert re.search(r"and \d+ advice requests\.", said)
    assert (
        "riverside-council: rc-practitioner, rc-advisor, rc-manager, rc-auditor, rc-admin" in said
    )
    password = seeded.stdout.splitlines()[-1]
    # `./dev run` again: the demo's register, so its accounts get a new password, printed.
    again = run("demo", "--if-empty")
    assert again.exit_code == 0 and "The demo area is here already" in again.output
    renewed = again.stdout.splitlines()[-1]
    assert renewed != password
    register = Register.open(database_url)
    try:
        with pytest.raises(Refused):
            register.accounts.sign_in("rc-advisor", password, "192.0.2.1")
        account = register.accounts.sign_in("rc-advisor", renewed, "192.0.2.1")
        assert account.demo and account.practitioner == "rc-p2"
        # Each organisation's advisor has two questions, one answered, naming nobody.
        addressed = register.advice_requests(advisor="rc-advisor")
        assert [r.status for r in addressed] == ["waiting", "done"]
        assert all(r.body.hidden for r in addressed)
        assert all(span.text not in r.question for r in addressed for span in r.body.hidden)
    finally:
        register.close()


def test_a_register_not_the_demos_prints_no_demo_accounts(opened: Register) -> None:
    create("--role", "admin")
    result = run("demo", "--if-empty")
    assert result.exit_code == 0 and result.output == ""


def test_a_users_roles_services_and_practitioner_are_changed_in_the_ledger(
    opened: Register,
) -> None:
    create("--role", "auditor", "--service", "early-help")
    opened.add_practitioner("council", "lee", "Lee Park", "Safeguarding lead")
    needs = run("admin", "change", "--username", "jo.smith", "--role", "advisor")
    assert needs.exit_code == 2 and "a user with the role advisor" in " ".join(needs.output.split())
    changed = run(
        "admin", "change", "--username", "jo.smith", "--role", "advisor", "--role", "practitioner",
        "--practitioner", "lee",
    )  # fmt: skip
    assert changed.exit_code == 0, changed.output
    account = opened.accounts.user("jo.smith")
    assert account.roles == {"advisor", "practitioner"} and account.practitioner == "lee"
    assert account.services == {"early-help"}  # not given: as it was
    assert run("admin", "change", "--username", "jo.smith", "--no-services").exit_code == 0
    assert opened.accounts.user("jo.smith").services == frozenset()
    outside = run("admin", "change", "--username", "jo.smith", "--service", "nowhere")
    assert outside.exit_code == 2 and "no service 'nowhere'" in outside.output
    both = run("admin", "change", "--username", "jo.smith", "--service", "early-help",
               "--no-services")  # fmt: skip
    assert both.exit_code == 2 and "not both" in both.output
    assert opened.verify().intact  # each change an entry, the rows held to them


def test_a_lost_password_is_replaced_by_a_one_time_one(opened: Register) -> None:
    create("--role", "auditor", "--password-stdin", stdin=GOOD + "\n")
    secret, _ = opened.accounts.start_session(
        opened.accounts.sign_in("jo.smith", GOOD, "192.0.2.1")
    )
    reset = run("admin", "reset-password", "--username", "jo.smith")
    assert reset.exit_code == 0, reset.output
    one_time = reset.stdout.splitlines()[-1]
    with pytest.raises(Refused):
        opened.accounts.session(secret)  # signed out everywhere
    with pytest.raises(Refused):
        opened.accounts.sign_in("jo.smith", GOOD, "192.0.2.1")
    assert opened.accounts.sign_in("jo.smith", one_time, "192.0.2.1").must_change_password
    nobody = run("admin", "reset-password", "--username", "nobody")
    assert nobody.exit_code == 2 and "there is no user 'nobody'" in nobody.output


def test_a_one_time_password_expires_unused(opened: Register) -> None:
    one_time = create("--role", "auditor").stdout.splitlines()[-1]
    later = datetime.now(UTC) + timedelta(days=7, minutes=1)
    with pytest.raises(Refused, match="your one-time password has expired"):
        opened.accounts.sign_in("jo.smith", one_time, "192.0.2.1", at=later)
    soon = datetime.now(UTC) + timedelta(days=6)
    assert opened.accounts.sign_in("jo.smith", one_time, "192.0.2.1", at=soon)
