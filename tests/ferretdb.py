"""FerretDB in every test run: one server per pytest session, one database per test.

Tests choose their store through the `database_url` fixture (parametrized: the default
SQLite file, and FerretDB) or take `ferretdb_database` directly. Every test that touches
FerretDB gets the `ferretdb` marker, and the run ends with a line saying how many there were.
A missing binary fails those tests (never skips them): the MongoDB backend must not go
untested by accident.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from _pytest.terminal import TerminalReporter
from pymongo import MongoClient

from tests.support.services import FERRETDB_BINARY, FerretDB

# The stores the server-level suites run on: "" is the default (SQLite in the data dir).
STORE_BACKENDS = ["sqlite", "ferretdb"]
# Every test collected with one of these parameters (or marked explicitly) uses FerretDB.
_FERRET_PARAMS = {"database_url": "ferretdb", "backend": "ferretdb"}


# nodeid -> (outcome, seconds spent in setup, call and teardown)
_ran: dict[str, tuple[str, float]] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ferretdb: the test runs against the FerretDB server")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if any(params.get(name) == value for name, value in _FERRET_PARAMS.items()):
            item.add_marker(pytest.mark.ferretdb)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "ferretdb" not in report.keywords:
        return
    outcome, spent = _ran.get(report.nodeid, ("passed", 0.0))
    if report.failed:
        outcome = "failed"
    _ran[report.nodeid] = (outcome, spent + report.duration)


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    ran = _ran
    if not ran:
        return
    failed = sum(1 for outcome, _ in ran.values() if outcome == "failed")
    seconds = sum(spent for _, spent in ran.values())
    tests = f"{len(ran)} test{'s' if len(ran) != 1 else ''}"
    terminalreporter.write_line(
        f"{tests} ran against FerretDB ({len(ran) - failed} passed, {failed} failed;"
        f" {seconds:.1f} s in those tests)"
    )


@pytest.fixture(scope="session")
def ferretdb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FerretDB]:
    """The session's FerretDB (started on first use, stopped at the end of the run)."""
    if not FERRETDB_BINARY.is_file():
        pytest.fail(
            f"FerretDB is not built ({FERRETDB_BINARY} is missing): `make ferretdb` builds it"
            " with Go (.ci/build-ferretdb); the MongoDB backend's tests run against it",
            pytrace=False,
        )
    server = FerretDB(tmp_path_factory.mktemp("ferretdb")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def ferretdb_database(ferretdb: FerretDB) -> Iterator[str]:
    """The URL of a database of this test's own on the session's FerretDB, dropped after."""
    name = f"codesync_test_{uuid.uuid4().hex[:12]}"
    yield f"{ferretdb.url}{name}"
    if ferretdb.proc is None:
        return  # a test that stopped the server and left it stopped
    client: MongoClient[dict[str, object]] = MongoClient(ferretdb.url)
    try:
        client.drop_database(name)
    finally:
        client.close()


@pytest.fixture(params=STORE_BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """The store of the servers this test starts: `CODESYNC_DATABASE_URL`, "" for SQLite."""
    if request.param == "sqlite":
        return ""
    return str(request.getfixturevalue("ferretdb_database"))


# Put on a test or module: it runs once per store backend (start_server and child_server
# give their servers that store).
on_every_store = pytest.mark.usefixtures("database_url")
