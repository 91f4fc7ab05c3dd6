from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_create_list_and_revoke_a_key(tmp_path, monkeypatch):
    from core.settings import get_settings

    monkeypatch.setenv("SIDELINE_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    made = runner.invoke(
        app,
        ["keys", "create", "--tenant", "acme", "--role", "rep", "--person", "priya"],
    )
    assert made.exit_code == 0, made.output
    key_id = made.output.split()[1]
    secret = made.output.strip().splitlines()[-1]
    assert secret.startswith("sk_sideline_")

    listed = runner.invoke(app, ["keys", "list"])
    assert key_id in listed.output and secret not in listed.output
    assert runner.invoke(app, ["keys", "revoke", key_id]).exit_code == 0
    assert "revoked" in runner.invoke(app, ["keys", "list"]).output
    again = runner.invoke(app, ["keys", "revoke", key_id])
    assert again.exit_code == 2 and "no live key" in again.output
    get_settings.cache_clear()


def test_keys_refuse_unknown_roles_and_reps_without_a_person(tmp_path, monkeypatch):
    monkeypatch.setenv("SIDELINE_DATA_DIR", str(tmp_path / "var"))
    bad_role = runner.invoke(app, ["keys", "create", "--tenant", "a", "--role", "boss"])
    assert bad_role.exit_code == 2 and "role must be one of" in bad_role.output
    no_person = runner.invoke(app, ["keys", "create", "--tenant", "a", "--role", "rep"])
    assert no_person.exit_code == 2 and "needs --person" in no_person.output
