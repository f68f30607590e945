"""Creating the files the first-run assistant offers: a new association, or a demo.

No Qt here: the assistant collects the values, these functions write them through the
services in one transaction. A failure leaves no half-made file behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from nassij_desktop import paths
from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.storage import open_database
from nassij_desktop.storage.creation import OwnerAccount, discard_new_file
from nassij_desktop.storage.creation import create_association_file as create_file

DEMO_MEMBERS = 300


@dataclass
class NewAssociation:
    path: Path
    profile: AssociationProfile
    admin_login: str
    admin_name: str
    admin_password: str
    logo: Path | None = None
    language: str | None = None


def create_association_file(request: NewAssociation) -> Path:
    """Write a new file holding the association, its logo and its administrator account
    (`storage.creation`, as `nassij init` does). Refused (Conflict) if a file that holds
    anything exists at the path: nothing is ever overwritten."""
    created = create_file(
        Path(request.path),
        request.profile,
        OwnerAccount(
            request.admin_login, request.admin_name, request.admin_password, request.language
        ),
        logo=request.logo,
    )
    assert created.path is not None  # a file path gives a file
    return created.path


def create_association_on_server(
    url: sa.URL, request: NewAssociation, progress: Progress | None = None
) -> None:
    """Create the association in an empty database on a server (its `path` unused): the
    same service as `nassij --db URL init`, the migrations, the administrator and the
    association in one transaction there (`progress` says which step runs)."""
    create_file(
        url,
        request.profile,
        OwnerAccount(
            request.admin_login, request.admin_name, request.admin_password, request.language
        ),
        logo=request.logo,
        progress=progress,
    )


def demo_path() -> Path:
    """A new file name for a demo in the data folder (never an existing file)."""
    folder = paths.data_dir()
    candidate = folder / "demo-association.sqlite"
    number = 2
    while candidate.exists():
        candidate = folder / f"demo-association-{number}.sqlite"
        number += 1
    return candidate


def create_demo_file(
    path: Path | None = None, members: int = DEMO_MEMBERS, progress: Progress | None = None
) -> Path:
    """Write a demo association in a new file; cancelled (`progress`) or failed, no file is
    left behind."""
    from nassij_desktop.demo.builder import build_demo  # heavy: only when asked

    path = path or demo_path()
    database = open_database(path, create=True)
    try:
        build_demo(database, members=members, progress=progress)
    except BaseException:
        database.close()
        discard_new_file(path)
        raise
    database.close()
    return path
