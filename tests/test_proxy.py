"""Behind nginx: with ``OPENSPACE_TRUSTED_PROXIES`` the phone's own address is rate limited."""

from __future__ import annotations

from openspace import create_app

from .conftest import PUBLIC_URL
from .databases import migrated_instance
from .helpers import ORGANISER_TOKEN, create_workshop


def app_behind(tmp_path, trusted_proxies: int):
    """An app that allows two joins a minute per address, behind ``trusted_proxies`` proxies."""
    return create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(migrated_instance(tmp_path / f"proxies-{trusted_proxies}")),
        "ADMIN_TOKEN": ORGANISER_TOKEN, "PUBLIC_URL": PUBLIC_URL, "ASYNC_MODE": "threading",
        "RATE_LIMIT_RULES": {"join": "2/minute"}, "TRUSTED_PROXIES": trusted_proxies,
    })


def join_codes(app, forwarded_for: list[str]) -> list[int]:
    """Join once per forwarded address, all arriving from the proxy; return the statuses."""
    client = app.test_client()
    workshop = create_workshop(client)
    return [client.post(f"/api/v1/workshops/{workshop['id']}/participants",
                        json={"join_code": workshop["join_code"]},
                        headers={"X-Forwarded-For": address},
                        environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code
            for address in forwarded_for]


def test_phones_behind_a_trusted_proxy_are_limited_one_by_one(tmp_path):
    app = app_behind(tmp_path, trusted_proxies=1)
    phones = ["192.168.1.10", "192.168.1.10", "192.168.1.11", "192.168.1.12"]
    assert join_codes(app, phones) == [201, 201, 201, 201]
    assert join_codes(app, ["192.168.1.10"]) == [429]  # its third join this minute


def test_without_trusted_proxies_a_forged_header_changes_nothing(tmp_path):
    app = app_behind(tmp_path, trusted_proxies=0)
    assert join_codes(app, ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) == [201, 201, 429]
