"""The hosts of ``two_hosts.py``: install, the once-only set-up, the supervised
processes and the proxy, each read from the README and ``deploy/``."""

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOSTNAME = "study.example.test"
ADMIN = "admin@example.test"


def readme_section_commands(number: int) -> list[str]:
    """The ``.venv/bin/python manage.py`` lines of the README's Production
    step ``number``, comments removed."""
    text = (REPO / "README.md").read_text()
    section = re.search(rf"^### {number}\. .*?(?=^### )", text, re.M | re.S).group(0)
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    lines = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    return [line for line in lines if line.startswith(".venv/bin/python manage.py")]


def exec_start(unit: str) -> str:
    """A systemd unit's ``ExecStart`` (continuation lines joined)."""
    text = (REPO / "deploy" / "systemd" / unit).read_text().replace("\\\n", " ")
    line = re.search(r"^ExecStart=(.*)$", text, re.M).group(1)
    return " ".join(line.split())


def env_file_values(path: Path) -> dict:
    """What ``set -a; . studycircle.env; set +a`` gives (KEY=VALUE lines)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


class Supervised:
    """One process, restarted 2 s after it exits, as systemd's
    ``Restart=always`` / ``RestartSec=2`` do."""

    def __init__(self, name, argv, cwd, env, log_dir):
        self.name, self.argv, self.cwd, self.env = name, argv, cwd, env
        self.log = (log_dir / f"{name}.log").open("ab")
        self.process = None
        self.restarts = 0
        self.stopping = False
        self.start()

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - the unit's own command
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,  # its own group, as systemd gives a cgroup
        )

    def watch(self):
        if self.stopping or self.process.poll() is None:
            return
        # What the main process left (gunicorn's workers, a render's child) is
        # killed, as systemd kills the rest of the unit's cgroup.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        time.sleep(2)
        if not self.stopping:
            self.restarts += 1
            print(f"  supervisor: {self.name} exited, restarted", flush=True)
            self.start()

    def stop(self):
        self.stopping = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Site:
    def __init__(self, root: Path, database_url: str, redis_url: str, port_base: int):
        self.root = root
        self.srv = root / "srv" / "studycircle"
        self.shared = self.srv / "shared"
        self.env_path = root / "etc" / "studycircle" / "studycircle.env"
        self.database_url, self.redis_url = database_url, redis_url
        self.ports = {
            "host-a": port_base + 1,
            "host-b": port_base + 2,
            "http": port_base + 3,
            "https": port_base + 4,
            "smtp": port_base + 5,
        }
        self.logs = root / "logs"
        self.logs.mkdir()
        self.processes: dict[str, Supervised] = {}
        self.nginx = None
        self.admin_password = secrets.token_urlsafe(16)
        self._watching = True

    def app(self, host: str) -> Path:
        return self.srv / host / "app"

    # 1. Install, on every host
    def install(self):
        print("1. Install on host-a and host-b", flush=True)
        for host in ("host-a", "host-b"):
            app = self.app(host)
            app.parent.mkdir(parents=True)
            run(["git", "clone", "-q", str(REPO), str(app)], cwd=self.root)
            (app / ".venv").symlink_to(Path(sys.prefix))
        self.env_path.parent.mkdir(parents=True)
        example = self.app("host-a") / "deploy" / "studycircle.env.example"
        self.env_path.write_text(self.filled_env(example.read_text()))
        self.env_path.chmod(0o600)
        for folder in ("media", "private", "var"):
            (self.shared / folder).mkdir(parents=True, exist_ok=True)

    def filled_env(self, text: str) -> str:
        """The example with the settings the README says to fill in."""
        origin = f"https://{HOSTNAME}:{self.ports['https']}"
        values = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOSTNAME,
            "CSRF_TRUSTED_ORIGINS": origin,
            "WAGTAILADMIN_BASE_URL": origin,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": f"recipe{self.ports['host-a']}",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.ports["smtp"]),
            "EMAIL_USE_TLS": "0",
            "PRIVATE_MEDIA_ROOT": str(self.shared / "private"),
            "MEDIA_ROOT": str(self.shared / "media"),
            "VAR_DIR": str(self.shared / "var"),
            "SEARCH_INDEX_DIR": str(self.shared / "var" / "search-index"),
            "STATIC_ROOT": "/srv/studycircle/static",  # per host: see host_env
        }
        lines, seen = [], set()
        for line in text.splitlines():
            key = line.split("=", 1)[0].strip()
            if "=" in line and not line.lstrip().startswith("#") and key in values:
                line = f"{key}={values[key]}"
                seen.add(key)
            lines.append(line)
        lines += [f"{k}={v}" for k, v in values.items() if k not in seen]
        return "\n".join(lines) + "\n"

    def host_env(self, host: str) -> dict:
        """The environment file's values, as the units' ``EnvironmentFile=``
        gives them; each host's static folder is its own (one machine)."""
        base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
        base.pop("DATABASE_URL", None)
        env = base | env_file_values(self.env_path)
        env["STATIC_ROOT"] = str(self.srv / host / "static")
        env["PYTHONUNBUFFERED"] = "1"
        return env

    # 3. Database, static files, first admin, search index (once)
    def setup_once(self):
        print("3. migrate, collectstatic, createsuperuser, update_index", flush=True)
        commands = readme_section_commands(3)
        if not commands:
            raise SystemExit("README step 3 has no manage.py commands")
        for command in commands:
            argv = command.split()
            hosts = ["host-a", "host-b"] if "collectstatic" in argv else ["host-a"]
            env_extra = {}
            if "createsuperuser" in argv:
                argv += ["--noinput", "--username", ADMIN, "--email", ADMIN]
                env_extra = {"DJANGO_SUPERUSER_PASSWORD": self.admin_password}
            for host in hosts:
                print(f"   {host}$ {' '.join(argv)}", flush=True)
                self.manage(host, argv[2:], **env_extra)
        print("   (beyond the README) load_demo, so there is something to serve")
        self.manage("host-a", ["load_demo", "--force"])  # a test site
        self.manage("host-a", ["update_index"])

    def manage(self, host: str, args: list[str], capture=False, **env_extra):
        return run(
            [str(self.app(host) / ".venv/bin/python"), "manage.py", *args],
            cwd=self.app(host),
            env=self.host_env(host) | env_extra,
            capture=capture,
        )

    # 4. Processes and their supervisor
    def start_processes(self):
        print("4. web and worker units, supervised", flush=True)
        web = exec_start("studycircle-web.service")
        worker = exec_start("studycircle-worker@.service")
        for host, instance in (("host-a", "1"), ("host-b", "2")):
            app = str(self.app(host))
            web_line = web.replace("/srv/studycircle/app", app).replace(
                "127.0.0.1:8000", f"127.0.0.1:{self.ports[host]}"
            )
            worker_line = (
                worker.replace("/srv/studycircle/app", app)
                .replace("%H", host)
                .replace("%i", instance)
            )
            for name, line in (
                (f"web-{host}", web_line),
                (f"worker@{instance}", worker_line),
            ):
                self.processes[name] = Supervised(
                    name, line.split(), app, self.host_env(host), self.logs
                )
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self):
        while self._watching:
            for process in list(self.processes.values()):
                process.watch()
            time.sleep(0.3)

    # 5. TLS proxy
    def start_proxy(self):
        from proxy import nginx_config

        print("5. nginx in front, TLS", flush=True)
        config = nginx_config(self)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.nginx = subprocess.Popen(  # noqa: S603
            [nginx, "-c", str(config), "-p", str(config.parent)],
            stdout=(self.logs / "nginx.log").open("ab"),
            stderr=subprocess.STDOUT,
        )

    def stop(self):
        self._watching = False
        for process in self.processes.values():
            process.stop()
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            self.nginx.wait(30)


def run(argv, *, cwd, env=None, capture=False):
    result = subprocess.run(  # noqa: S603 - our own commands
        argv, cwd=cwd, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(
            f"{' '.join(argv)} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout if capture else None
