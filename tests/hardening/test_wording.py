"""Messages a new user reads: the account named once, a failing cron check says why."""

from __future__ import annotations

from hardening.conftest import USER, Home, control, nyte
from nyte_tui.errors import ExitCode


def test_a_revoked_login_names_the_account_once(home: Home) -> None:
    control(home.h.server, "revoke")
    result = home.run("sync")
    assert result.returncode == ExitCode.REAUTH, result.stderr
    line = next(row for row in result.stdout.splitlines() if USER in row)
    assert line.count(USER) == 1, line
    assert "nyte auth login" in line
    assert "Error" not in line


def test_doctor_as_cron_says_why_it_failed(home: Home) -> None:
    leaky = {k: v for k, v in home.env.items() if k != "NYTE_SECRET_PASSPHRASE_COMMAND"}
    leaky["NYTE_SECRET_PASSPHRASE"] = "correct horse battery staple"
    result = nyte(leaky, "doctor", "--as-cron")
    assert result.returncode == 1
    line = next(row for row in result.stdout.splitlines() if "cron environment" in row)
    assert "can NOT read the tokens: " in line, line
    reason = line.split("can NOT read the tokens: ", 1)[1]
    assert "passphrase" in reason.lower() or "secret" in reason.lower(), reason
