"""nginx for ``two_hosts.py``: ``deploy/nginx/studycircle.conf`` as the README
says to use it, with this run's ports, folders and a self-signed certificate."""

import shutil
import subprocess
from pathlib import Path

from hosts import HOSTNAME, REPO


def nginx_config(site) -> Path:
    folder = site.root / "nginx"
    folder.mkdir()
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(  # noqa: S603
        [shutil.which("openssl") or "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={HOSTNAME}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    conf = (REPO / "deploy" / "nginx" / "studycircle.conf").read_text()
    upstreams = "".join(
        f"    server 127.0.0.1:{site.ports[h]} fail_timeout=0;\n"
        for h in ("host-a", "host-b")
    )
    conf = conf.replace("    server 127.0.0.1:8000 fail_timeout=0;\n", upstreams)
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{site.ports['http']};")
    conf = conf.replace("listen 443 ssl", f"listen 127.0.0.1:{site.ports['https']} ssl")
    conf = conf.replace("study.example.org", HOSTNAME)
    conf = conf.replace(f"/etc/letsencrypt/live/{HOSTNAME}/fullchain.pem", str(cert))
    conf = conf.replace(f"/etc/letsencrypt/live/{HOSTNAME}/privkey.pem", str(key))
    conf = conf.replace("/srv/studycircle/shared/media/", f"{site.shared / 'media'}/")
    (folder / "studycircle.conf").write_text(conf)
    main = folder / "nginx.conf"
    main.write_text(
        f"""daemon off;
user root;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder / "access.log"};
    client_body_temp_path {folder / "body"};
    proxy_temp_path {folder / "proxy"};
    fastcgi_temp_path {folder / "fastcgi"};
    uwsgi_temp_path {folder / "uwsgi"};
    scgi_temp_path {folder / "scgi"};
    include {folder / "studycircle.conf"};
}}
"""
    )
    return main
