"""The nginx configuration of docs/DEPLOY.md, in front of two real processes.

The ``nginx`` block of DEPLOY.md is taken as written; only what a test
cannot have is changed (TLS, the public port, the upstream ports).
Skipped where nginx is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from .conftest import need
from .helpers import card_body, create_workshop
from .server import ROOT, free_port
from .test_multiprocess import ADMIN, phone_on, servers  # noqa: F401 - fixture

pytestmark = [pytest.mark.server, pytest.mark.services]


def documented_config() -> str:
    """Return the nginx configuration block of docs/DEPLOY.md."""
    text = (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")
    return re.search(r"```nginx\n(.*?)```", text, re.S).group(1)


def config_for_test(upstream_ports: list[int], port: int, folder: Path) -> str:
    """Turn the documented block into one nginx can run here: plain HTTP, local ports."""
    config = documented_config()
    config = re.sub(r"\n    server 127\.0\.0\.1:\d+;", "", config)
    servers_block = "".join(f"\n    server 127.0.0.1:{p};" for p in upstream_ports)
    config = config.replace("    least_conn;", "    least_conn;" + servers_block)
    config = config.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    config = re.sub(r"\n    ssl_certificate.*", "", config)
    config = config.split("\nserver {\n    listen 80;")[0]  # the HTTPS redirect
    temp = folder / "temp"
    temp.mkdir(parents=True, exist_ok=True)
    return (f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n access_log off;\n client_body_temp_path {temp};\n"
            f" proxy_temp_path {temp};\n fastcgi_temp_path {temp};\n uwsgi_temp_path {temp};\n"
            f" scgi_temp_path {temp};\n{config}\n}}\n")


@pytest.fixture
def nginx(servers, tmp_path):  # noqa: F811 - the fixture imported above
    """nginx with the documented configuration in front of both servers."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    need(Path(binary).exists(), "nginx is not installed (apt-get install nginx-light)")
    port = free_port()
    folder = tmp_path / "nginx"
    folder.mkdir()
    conf = folder / "nginx.conf"
    conf.write_text(config_for_test([s.port for s in servers], port, folder), encoding="utf-8")
    process = subprocess.Popen([binary, "-p", str(folder), "-c", str(conf),
                                "-g", "daemon off;"], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(10)


class Proxied:
    """Stands in for a ServerProcess, reached through nginx."""

    def __init__(self, url: str):
        """Remember the proxy's address."""
        self.url, self.port, self.admin_token = url, "nginx", ADMIN

    def api(self, method: str, path: str, token: str | None = None, **kwargs):
        """Call the API through nginx."""
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=10,
                                **kwargs)


def test_phones_through_nginx_get_cards_posted_on_either_process(servers, nginx):  # noqa: F811
    proxy = Proxied(nginx)
    workshop = create_workshop(proxy, title="Bag proxyen", themes=["Fritid"])
    assert "Bag proxyen" in proxy.api("GET", f"/j/{workshop['join_code']}").text
    through_nginx = [phone_on(proxy, workshop) for _ in range(4)]
    direct = [phone_on(server, workshop) for server in servers]
    try:
        acks = [phone.post(card_body(workshop, f"via-{n}", f"Kort via-{n}"), timeout=30)
                for n, phone in enumerate([*through_nginx, *direct])]
        assert all(ack["ok"] for ack in acks)
        last = max(ack["card"]["seq"] for ack in acks)
        for phone in [*through_nginx, *direct]:
            phone.wait(lambda p=phone: p.received and p.received[-1] >= last, f"seq {last}",
                       timeout=30)
            assert phone.received == list(range(1, last + 1))
    finally:
        for phone in [*through_nginx, *direct]:
            phone.disconnect()
