"""One cache of compiled statements per kind of database in a process.

SQLAlchemy keeps the SQL it compiled from each statement in a cache of the engine, keyed by
the engine's dialect object. An engine is made each time a file is opened: read-only beside
the writer, again after a restore, a protection or a lock, for another file, for each command
of a script run in one process. Each new engine compiled every query again, and compiling is
most of what a query costs SQLAlchemy: a fifth of the time of a run of the services.

Engines of the same kind (the same driver; for a server, the same server and role) therefore
share the dialect of the first one that connected, and its cache. A dialect holds nothing of a
file or a database: its settings come from the driver and, once it has connected, from the server
(version, isolation level, identifier length), the same for every engine of one key. The
dialect is shared only once it has connected (SQLAlchemy's first connection fills in those
facts), so no engine ever compiles with a dialect that has not.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Dialect, Engine

# Statements a long session of the application compiles (every page, every document, the
# books) are more than SQLAlchemy's default 500: the cache would drop and compile again.
CACHE_SIZE = 1500

_LOCK = threading.Lock()
_SHARED: dict[tuple[Any, ...], tuple[Dialect, Any]] = {}


def share_compiled_statements(engine: Engine) -> Engine:
    """Give `engine` the dialect and the compiled statements of the engines of its kind
    opened before in this process, or offer its own to those that come after."""
    url = engine.url
    key: tuple[Any, ...] = (url.drivername,)  # SQLite: the library, whatever the file
    if url.get_backend_name() != "sqlite":
        key += (url.host, url.port, url.username, tuple(sorted(url.query.items())))
    with _LOCK:
        shared = _SHARED.get(key)
    if shared is not None:
        engine.dialect, engine._compiled_cache = shared
        return engine

    def offer(_dbapi_connection: object, _record: object) -> None:
        # Runs after SQLAlchemy's own first-connection listener, which initialised the dialect.
        with _LOCK:
            _SHARED.setdefault(key, (engine.dialect, engine._compiled_cache))

    event.listen(engine, "connect", offer, once=True)
    return engine
