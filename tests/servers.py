"""Real Debian nginx for the tests, configured with the shipped deploy/nginx.conf.

The shipped file is used as an organisation would use it: only its "CHANGE:" lines are filled in (port, host, folder,
and for a sub-path the documented swap of the location blocks). Every edit must match exactly once, so a change to
the shipped file that breaks these instructions fails the tests instead of being papered over.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

NGINX = Path("/usr/sbin/nginx")
SHIPPED = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"


@dataclass(frozen=True)
class Server:
    """A running nginx: `url` is where the guide is served (ends with '/'), `origin` is scheme://host:port."""

    origin: str
    url: str
    error_log: Path
    access_log: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise AssertionError(f"deploy/nginx.conf: expected exactly one {old!r}, found {text.count(old)}")
    return text.replace(old, new)


def _between(text: str, name: str) -> re.Match[str]:
    match = re.search(rf"(?ms)^[ \t]*# BEGIN {re.escape(name)}\n(.*?)^[ \t]*# END {re.escape(name)}\n", text)
    if match is None:
        raise AssertionError(f"deploy/nginx.conf: no '# BEGIN {name}' ... '# END {name}' block")
    return match


def site_config(shipped: str, port: int, site_dir: Path, access_log: Path, prefix: str = "/") -> str:
    """The shipped server config with the organisation's lines filled in for 127.0.0.1:port and `site_dir`."""
    text = _replace_once(shipped, "    listen 80;\n", f"    listen 127.0.0.1:{port};\n")
    text = _replace_once(text, "    listen [::]:80;\n", "")
    text = _replace_once(text, "    server_name guide.example.org;\n", "    server_name localhost;\n")
    text = _replace_once(text, "    root /var/www/trustguide;\n", f"    root {site_dir};\n")
    text = _replace_once(text, "    access_log /var/log/nginx/trustguide-access.log trustguide_private;\n",
                         f"    access_log {access_log} trustguide_private;\n")
    if prefix != "/":
        root_block = _between(text, "root-location")
        text = text[:root_block.start()] + text[root_block.end():]
        sub_block = _between(text, "sub-path-location")
        lines = [re.sub(r"^(\s*)# ?", r"\1", line) for line in sub_block.group(1).splitlines(keepends=True)]
        body = "".join(lines)
        body = _replace_once(body, "location = /guide {", f"location = {prefix.rstrip('/')} {{")
        body = _replace_once(body, "return 301 /guide/;", f"return 301 {prefix};")
        body = _replace_once(body, "location /guide/ {", f"location {prefix} {{")
        body = _replace_once(body, "alias /var/www/trustguide/;", f"alias {site_dir}/;")
        body = _replace_once(body, "root /var/www/trustguide/;", f"root {site_dir}/;")
        text = text[:sub_block.start()] + body + text[sub_block.end():]
    return text


def main_config(workdir: Path, server_conf: Path) -> str:
    """A minimal nginx.conf around the server: foreground, and every path nginx writes inside `workdir`."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read pytest's 0700 temporary folders
    temp = "\n".join(f"    {kind}_temp_path {workdir / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}daemon off;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
    include {server_conf};
}}
"""


def _wait_for_port(port: int, process: subprocess.Popen[bytes], error_log: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = error_log.read_text() if error_log.exists() else ""
            raise RuntimeError(f"nginx exited with {process.returncode}: {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within {timeout} s")


@contextmanager
def nginx(workdir: Path, site_dir: Path, prefix: str = "/") -> Iterator[Server]:
    """Serve `site_dir` at `prefix` with the shipped configuration until the block ends."""
    if not NGINX.is_file():
        raise RuntimeError("Debian nginx is missing: run `bash scripts/setup.sh test`")
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server_conf = workdir / "trustguide.conf"
    access_log = workdir / "access.log"
    server_conf.write_text(site_config(SHIPPED.read_text(), port, site_dir.resolve(), access_log, prefix))
    conf = workdir / "nginx.conf"
    conf.write_text(main_config(workdir, server_conf))
    error_log = workdir / "error.log"
    check = subprocess.run([str(NGINX), "-t", "-q", "-p", str(workdir), "-e", str(error_log), "-c", str(conf)],
                           capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t rejected the configuration: {check.stderr}")
    process = subprocess.Popen([str(NGINX), "-p", str(workdir), "-e", str(error_log), "-c", str(conf)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, process, error_log)
        origin = f"http://127.0.0.1:{port}"
        yield Server(origin=origin, url=origin + prefix, error_log=error_log, access_log=access_log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir / "client_body", ignore_errors=True)
