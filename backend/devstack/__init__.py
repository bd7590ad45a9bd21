"""Development stack: embedded PostgreSQL and Valkey, and the supervising launcher.

``python -m devstack run`` starts everything; ``python -m devstack services`` only the
databases. Tests call :func:`ensure_test_services` from ``config.settings_test``.
"""

from devstack.services import (
    Postgres,
    ServiceError,
    Valkey,
    ensure_test_services,
    start_postgres,
    start_valkey,
)

__all__ = [
    "Postgres",
    "ServiceError",
    "Valkey",
    "ensure_test_services",
    "start_postgres",
    "start_valkey",
]
