"""What the fault tests and `tools/fault_matrix.py` share: the script that runs steps inside a
private mount namespace over a small tmpfs (a full disk), and for the SIGKILL trials the
child that is killed at a random moment (`run_and_kill`), the dues write loop it runs, and the
"has the child started writing?" probe. The matrix is a longer run of the same faults, so it
imports this module rather than a copy of it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Run as `unshare -m --propagation private python -c NAMESPACE_DRIVER SPEC`, SPEC a JSON object
# {"mount": folder, "size": "2M", "env": {...}, "steps": [[step, *args], ...]}; prints the
# JSON list of what the steps "run", "sha256" and "list" found.
NAMESPACE_DRIVER = r"""
import hashlib, json, os, shutil, subprocess, sys
spec = json.loads(sys.argv[1])
mount = spec["mount"]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + spec["size"], "tmpfs", mount], check=True)
out = []
for step, *args in spec["steps"]:
    if step == "copy":
        shutil.copyfile(args[0], args[1])
    elif step == "fill":  # fill the disk, then free `args[0]` pages of it
        pages = []
        while True:
            name = os.path.join(mount, f".filler-{len(pages)}")
            try:
                with open(name, "wb") as f:
                    f.write(b"\0" * 4096)
                    f.flush()
                    os.fsync(f.fileno())
            except OSError:
                os.unlink(name)
                break
            pages.append(name)
        for name in pages[: args[0]]:
            os.unlink(name)
    elif step == "unfill":
        for name in os.listdir(mount):
            if name.startswith(".filler-"):
                os.unlink(os.path.join(mount, name))
    elif step == "run":
        done = subprocess.run(args[0], capture_output=True, text=True)
        out.append({"code": done.returncode, "out": done.stdout, "err": done.stderr})
    elif step == "sha256":
        p = args[0]
        out.append(hashlib.sha256(open(p, "rb").read()).hexdigest() if os.path.exists(p) else None)
    elif step == "list":
        out.append(sorted(n for n in os.listdir(mount) if not n.startswith(".filler-")))
print(json.dumps(out))
"""


def new_entries_in(*folders: Path) -> Callable[[], bool]:
    """True once any of the folders holds a name it did not hold when this was called."""

    def names() -> set[str]:
        found: set[str] = set()
        for folder in folders:
            with contextlib.suppress(FileNotFoundError):
                found.update(f"{folder}/{name}" for name in os.listdir(folder))
        return found

    before = names()
    return lambda: bool(names() - before)


# --- killing a child at a random moment ---------------------------------------------------


@dataclass
class Run:
    killed: bool
    returncode: int
    stderr: str
    until_done: float | None  # seconds from the watched start to `done()` first seen true


def run_and_kill(
    cmd: list[str],
    env: dict[str, str],
    *,
    started: Callable[[], bool],
    delay: float | None,
    child_timeout: float,
    done: Callable[[], bool] = lambda: False,
) -> Run:
    """Run `cmd`; once `started()` is true, SIGKILL it after `delay` seconds (None: never).
    `done()` marks the end of the work, to measure how long the work lasts (when `delay` is
    None: `until_done` of a run to be killed is None). The child has `child_timeout` seconds
    to reach the watched moment, and as many again to end."""

    def wait_a_little(proc: subprocess.Popen[bytes], deadline: float) -> None:
        if time.monotonic() > deadline:
            raise AssertionError(f"{cmd[:4]}… never reached the watched moment")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.001)

    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + child_timeout
            while proc.poll() is None and not started():
                wait_a_little(proc, deadline)
            start = time.monotonic()
            kill_at = start + (delay if delay is not None else child_timeout)
            until_done = None
            # The end of the work is watched on the calibration run only (no kill): a run to
            # be killed only waits for its moment (looking at the file a thousand times a
            # second cost more than the child's own work).
            watch = delay is None
            while proc.poll() is None and time.monotonic() < kill_at:
                if watch and until_done is None and done():
                    until_done = time.monotonic() - start
                wait_a_little(proc, deadline + child_timeout)
            killed = proc.poll() is None
            if killed:
                proc.send_signal(signal.SIGKILL)
            returncode = proc.wait(timeout=60)
            if watch and until_done is None and done():
                until_done = time.monotonic() - start
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    return Run(killed, returncode, stderr, until_done)


# Run as `python -c DUES_LOOP FILE ID,ID,…`: one dues payment of 100.00 for each member, each
# in its own transaction (a receipt number, a journal entry, an audit row), as the program
# records them; the kill lands anywhere inside one of them.
DUES_LOOP = """
import sys
from decimal import Decimal
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.services import record_dues
from nassij_desktop.storage import open_database

database = open_database(sys.argv[1], create=False)
today = clock.today()
for member_id in map(int, sys.argv[2].split(",")):
    with database.transaction() as session:
        record_dues(session, CLI_ACTOR, member_id, today.year, Decimal("100.00"), today,
                    PaymentMethod.CASH)
database.close()
"""
