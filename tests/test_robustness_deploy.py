"""The TLS block of docs/DEPLOY.md sets HSTS: checked with nginx running that block."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from .conftest import need
from .server import ServerProcess, free_port
from .test_nginx import config_for_test, documented_config

pytestmark = pytest.mark.server


def test_the_documented_tls_block_sets_hsts():
    config = documented_config()
    tls_block = config.split("listen 443 ssl;")[1].split("\nserver {")[0]
    assert 'add_header Strict-Transport-Security "max-age=31536000" always;' in tls_block


def test_nginx_with_the_documented_block_sends_hsts_on_answers_and_errors(tmp_path):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    need(Path(binary).exists(), "nginx is not installed (apt-get install nginx-light)")
    server = ServerProcess(tmp_path / "instance", "hsts-organiser").start()
    folder = tmp_path / "nginx"
    folder.mkdir()
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(config_for_test([server.port], port, folder), encoding="utf-8")
    process = subprocess.Popen([binary, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                               stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            assert process.poll() is None, process.stderr.read().decode()
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "nginx did not answer"
            time.sleep(0.1)
        for path, status in (("/healthz", 200), ("/api/v1/workshops", 401), ("/nowhere", 404)):
            answer = requests.get(url + path, timeout=5)
            assert answer.status_code == status
            assert answer.headers.get("Strict-Transport-Security") == "max-age=31536000", path
    finally:
        process.terminate()
        process.wait(10)
        server.stop()
