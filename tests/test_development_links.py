"""Links in mail follow the address actually served on a development server (`make run`
on another host or port), and never the Host header in production."""

import re
import subprocess

from tests.conftest import text_of


def reset_link(client, mailbox, user, base):
    client.post("/auth/reset", data={"email": user.email}, base_url=base)
    return re.search(r"https?://\S+/auth/reset/\S+", text_of(mailbox.last_to(user.email))).group(0)


def test_on_a_development_server_links_follow_the_address_served(
        app, client, user_factory, mailbox):
    app.config["BASE_URL_FROM_REQUEST"] = True  # what `make run` sets without BASE_URL
    user = user_factory()
    link = reset_link(client, mailbox, user, "http://192.168.1.5:8080")
    assert link.startswith("http://192.168.1.5:8080/auth/reset/")


def test_in_production_a_forged_host_does_not_change_the_links(
        app, client, user_factory, mailbox):
    user = user_factory()
    link = reset_link(client, mailbox, user, "http://evil.example")
    assert link.startswith(app.config["BASE_URL"] + "/auth/reset/")


def make_run(*arguments, env=None):
    return subprocess.run(["make", "-n", "run", *arguments], capture_output=True, text=True,
                          check=True, env=env).stdout


def test_make_run_serves_on_the_port_asked_and_lets_links_follow_it(monkeypatch):
    monkeypatch.delenv("BASE_URL", raising=False)
    commands = make_run("PORT=8080", "HOST=0.0.0.0")
    assert "BASE_URL_FROM_REQUEST=1" in commands
    assert "--host 0.0.0.0 --port 8080" in commands
    assert "--port 5000" in make_run()


def test_make_run_with_a_base_url_keeps_it():
    assert "BASE_URL_FROM_REQUEST=0" in make_run("BASE_URL=https://konsultacje.example.pl")
