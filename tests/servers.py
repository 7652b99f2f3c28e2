"""Real SPARQL servers for the endpoint tests: Oxigraph server and Virtuoso 7.

Each is started on free loopback ports in a temporary folder, waited for, and stopped by
its PID. ``scripts/install_servers.sh`` installs both (CI runs it); when a binary is
missing the tests that need it skip and say which binary and how to install it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
import requests

from rdfexport.cli import main as rdfexport_main
from rdfexport.describe import describe_export
from rdfexport.endpoints.store import results_as_rows

LOOPBACK = "127.0.0.1"
LOADER_USER = "loader"
LOADER_PASSWORD = "loader-test-pw"  # a throwaway account in a throwaway database
# small on purpose: a check that read triples back (GET/CONSTRUCT) would be cut at this many
# rows, so only a COUNT-based check can pass on the 7,000+ triple corpus
VIRTUOSO_MAX_ROWS = 1000
# the bulk loader's graph for files without graphs; N-Quads name their own, so it stays empty
BULK_DEFAULT_GRAPH = "https://pfocr.wikipathways.org/graph/bulk-default"


ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("RDFEXPORT_CORPUS", ROOT.parent / "shared" / "corpus"))
QUERIES = ROOT / "examples" / "queries"
PINNED_CREATED_ON = datetime(2024, 1, 1, tzinfo=timezone.utc)  # so the expected answers hold
PINNED_VERSION = "test"


# --- the shared corpus export and the example queries' expected answers -------------------------
def export_corpus(folder: Path) -> tuple[Path, Path]:
    """Convert the shared corpus to N-Quads (one graph per figure) and describe it beside."""
    nq = folder / "pfocr.nq"
    code = rdfexport_main(["convert", str(CORPUS), "-o", str(nq), "--format", "nq", "-q"])
    assert code == 0, f"rdfexport convert exited {code}"
    void = describe_export(nq, version=PINNED_VERSION, created_on=PINNED_CREATED_ON,
                           inputs=["corpus"])
    return nq, void


_EXPORT: tuple[Path, Path] | None = None


def shared_export() -> tuple[Path, Path]:
    """``export_corpus`` once per test process (converting takes seconds); removed at exit."""
    global _EXPORT
    if _EXPORT is None:
        import atexit
        import tempfile
        folder = Path(tempfile.mkdtemp(prefix="rdfexport-export-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _EXPORT = export_corpus(folder)
    return _EXPORT


def example_queries() -> list[Path]:
    return sorted(QUERIES.glob("*.rq"))


def expected_rows(query: Path) -> list[tuple]:
    """The answer recorded beside ``query`` (SPARQL TSV), as comparable sorted rows."""
    expected = query.with_suffix(".expected.tsv")
    return sorted(results_as_rows(ox.parse_query_results(path=str(expected),
                                                         format=ox.QueryResultsFormat.TSV)))


def count_statements(path: Path) -> int:
    """Distinct quads in an RDF file: what a server must hold after loading it."""
    return len(set(ox.parse(path=str(path))))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


def virtuoso_binaries() -> tuple[str, str] | None:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, isql) if server and isql else None


def wait_http(url: str, process: subprocess.Popen, log: Path, timeout_s: float = 90.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {_tail(log)}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not answering {url} after {timeout_s}s: {_tail(log)}")


def stop(process: subprocess.Popen, timeout_s: float = 30.0) -> None:
    """Stop one server we started, by its PID: SIGTERM, then SIGKILL if it hangs."""
    if process.poll() is not None:
        return
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Server:
    kind: str  # endpoint kind name for rdfexport
    base_url: str
    process: subprocess.Popen
    workdir: Path
    log: Path
    user: str | None = None
    password: str | None = None
    isql: str | None = None
    isql_port: int | None = None

    def stop(self) -> None:
        stop(self.process)


# --- Oxigraph ----------------------------------------------------------------------------------
def start_oxigraph(workdir: Path) -> Server:
    binary = oxigraph_binary()
    port = free_port()
    log = workdir / "oxigraph.log"
    # --union-default-graph: queries without GRAPH see every figure graph, as on Virtuoso
    process = subprocess.Popen(
        [binary, "serve", "--location", str(workdir / "db"), "--bind", f"{LOOPBACK}:{port}",
         "--union-default-graph"],
        stdout=log.open("wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://{LOOPBACK}:{port}"
    try:
        wait_http(f"{base}/query?query=ASK%7B%7D", process, log)
    except Exception:
        stop(process)
        raise
    return Server("oxigraph", base, process, workdir, log)


# --- Virtuoso ----------------------------------------------------------------------------------
VIRTUOSO_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
[Parameters]
ServerPort = {loopback}:{sql_port}
DirsAllowed = ., {dirs_allowed}
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = {loopback}:{http_port}
ServerRoot = .
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""


def start_virtuoso(workdir: Path, dirs_allowed: Path) -> Server:
    server_bin, isql = virtuoso_binaries()
    sql_port, http_port = free_port(), free_port()
    (workdir / "virtuoso.ini").write_text(VIRTUOSO_INI.format(
        loopback=LOOPBACK, sql_port=sql_port, http_port=http_port,
        dirs_allowed=dirs_allowed, max_rows=VIRTUOSO_MAX_ROWS))
    log = workdir / "out.log"
    process = subprocess.Popen(
        [server_bin, "+foreground", "+configfile", "virtuoso.ini"], cwd=workdir,
        stdout=log.open("wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://{LOOPBACK}:{http_port}"
    server = Server("virtuoso", base, process, workdir, log, LOADER_USER, LOADER_PASSWORD,
                    isql, sql_port)
    try:
        wait_http(f"{base}/sparql?query=ASK%7B%7D", process, log)
        run_isql(server, f"DB.DBA.USER_CREATE('{LOADER_USER}', '{LOADER_PASSWORD}'); "
                         f"GRANT SPARQL_UPDATE TO \"{LOADER_USER}\";")
    except Exception:
        stop(process)
        raise
    return server


def run_isql(server: Server, sql: str, timeout_s: float = 300.0) -> str:
    """Run SQL as dba through isql-vt (Virtuoso's own client); raise on *** Error."""
    result = subprocess.run(
        [server.isql, f"{LOOPBACK}:{server.isql_port}", "dba", "dba", f"exec={sql}"],
        capture_output=True, text=True, timeout=timeout_s, stdin=subprocess.DEVNULL)
    if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
        raise RuntimeError(f"isql failed: {result.stdout[-800:]} {result.stderr[-800:]}")
    return result.stdout


# --- a small Graph Store that can lose data, for the loss and retry tests ------------------------
class FakeGraphStore:
    """Graph Store Protocol + SPARQL query on 127.0.0.1, backed by a pyoxigraph store.

    ``drop_every=n`` silently keeps all but every n-th triple of each upload and still
    answers 201, as Virtuoso did with a large upload; ``fail_first=n`` answers 503 to the
    first n requests (a transient error the client must retry); ``credentials=(u, p)``
    demands HTTP basic auth. ``requests`` records (method, graph, triples) of each write.
    """

    def __init__(self, *, drop_every: int = 0, fail_first: int = 0,
                 credentials: tuple[str, str] | None = None):
        import pyoxigraph as ox
        self.store = ox.Store()
        self.drop_every, self.fail_first, self.credentials = drop_every, fail_first, credentials
        self.requests: list[tuple[str, str, int]] = []
        self.failed = 0
        self._server = None

    @property
    def store_url(self) -> str:
        return f"http://{LOOPBACK}:{self._server.server_port}/store"

    @property
    def query_url(self) -> str:
        return f"http://{LOOPBACK}:{self._server.server_port}/query"

    def __enter__(self):
        import threading
        from http.server import ThreadingHTTPServer
        self._server = ThreadingHTTPServer((LOOPBACK, 0), _handler_for(self))
        # a short poll interval: shutdown() waits for one poll
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    # called by the handler -----------------------------------------------------------------
    def write(self, method: str, graph: str, body: bytes) -> None:
        import pyoxigraph as ox
        name = ox.NamedNode(graph)
        triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
        self.requests.append((method, graph, len(triples)))
        if method == "PUT":
            self.store.remove_graph(name)
        kept = [t for i, t in enumerate(triples, 1) if not (self.drop_every and i % self.drop_every == 0)]
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in kept)

    def query(self, sparql: str) -> bytes:
        import pyoxigraph as ox
        return self.store.query(sparql).serialize(format=ox.QueryResultsFormat.JSON)


def _handler_for(fake: FakeGraphStore):
    import base64
    from http.server import BaseHTTPRequestHandler
    from urllib.parse import parse_qs, urlsplit

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep pytest output clean
            pass

        def _reply(self, status: int, body: bytes = b"", ctype: str = "text/plain") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="fake"')
            self.end_headers()
            self.wfile.write(body)

        def _refused(self) -> bool:
            if fake.failed < fake.fail_first:
                fake.failed += 1
                self._reply(503, b"busy, try again")
                return True
            if fake.credentials:
                user, password = fake.credentials
                token = base64.b64encode(f"{user}:{password}".encode()).decode()
                if self.headers.get("Authorization") != f"Basic {token}":
                    self._reply(401, b"who are you?")
                    return True
            return False

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _write(self, method: str) -> None:
            body = self._body()
            if self._refused():
                return
            url = urlsplit(self.path)
            if url.path == "/query":
                sparql = parse_qs(body.decode())["query"][0]
                self._reply(200, fake.query(sparql), "application/sparql-results+json")
                return
            fake.write(method, parse_qs(url.query)["graph"][0], body)
            self._reply(201)

        def do_PUT(self):
            self._write("PUT")

        def do_POST(self):
            self._write("POST")

    return Handler


def _regenerate_expected() -> None:
    """Record the embedded store's answers as the expected ones (after a model change;
    read the diff before committing it)."""
    import tempfile
    from rdfexport.endpoints.store import open_store, run_query
    from rdfexport.endpoints.loader import load_store, stage_files
    with tempfile.TemporaryDirectory() as tmp:
        nq, void = export_corpus(Path(tmp))
        store = open_store(Path(tmp) / "store")
        load_store(stage_files([nq, void]), store).check()
        for query in example_queries():
            tsv = run_query(store, query.read_text()).serialize(format=ox.QueryResultsFormat.TSV)
            query.with_suffix(".expected.tsv").write_bytes(tsv)
            print(f"wrote {query.with_suffix('.expected.tsv').relative_to(ROOT)}")


if __name__ == "__main__":  # python tests/servers.py --regenerate-expected
    if sys.argv[1:] != ["--regenerate-expected"]:
        sys.exit("usage: python tests/servers.py --regenerate-expected")
    _regenerate_expected()
