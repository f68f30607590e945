"""What the fault tests and `tools/fault_matrix.py` share: the script that runs steps inside a
private mount namespace over a small tmpfs (a full disk), and the "has the child started
writing?" probe of the SIGKILL trials. The matrix is a longer run of the same faults, so it
imports this module rather than a copy of it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
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
