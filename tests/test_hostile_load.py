"""Issue #8, loading: credentials never printed or logged, endpoint URLs validated, TLS
verified by default. Only the endpoint loader's public functions and the CLI are used;
servers run on 127.0.0.1 only."""

from __future__ import annotations

import base64
import logging
import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rdfexport.cli import main
from rdfexport.endpoints import get_kind
from rdfexport.endpoints.gsp import GraphStoreClient, RetryPolicy, make_auth
from rdfexport.endpoints.kind import EndpointUrls, check_url
from rdfexport.errors import EndpointError, UsageError

from servers import FakeGraphStore

SECRET = "pa$$-s3cret-\u00e9"
ONCE = RetryPolicy(attempts=1)


@pytest.mark.parametrize("url", [
    "ftp://example.org/sparql", "file:///etc/passwd", "javascript:alert(1)", "localhost:7878",
    "http://", "http:///path", "https://user:pw@example.org/sparql", "http://user@example.org/",
])
def test_endpoint_urls_are_validated(url):
    with pytest.raises(UsageError):
        check_url(url)


@pytest.mark.parametrize("url", ["http://[::1", "http://h:99999/", "http://h:x/", "http://h/\r\nX-Evil: 1"])
def test_malformed_endpoint_urls_are_usage_errors(url):
    with pytest.raises(UsageError):
        check_url(url)


def test_tls_verification_is_on_by_default():
    client = GraphStoreClient(EndpointUrls("https://h/q", "https://h/u", "https://h/s"))
    assert client.session.verify is True


def test_credentials_never_printed_nor_logged(tmp_path, capsys, caplog):
    nq = tmp_path / "x.nq"
    nq.write_bytes(b"<http://e.org/s> <http://e.org/p> \"o\" <http://e.org/g> .\n")
    basic = base64.b64encode(f"loader:{SECRET}".encode()).decode()
    caplog.set_level(logging.DEBUG)
    with FakeGraphStore(credentials=("loader", "the-right-one")) as fake:
        code = main(["load", str(nq), "--endpoint", fake.store_url, "--kind", "generic",
                     "--query-endpoint", fake.query_url, "--user", "loader", "--password", SECRET, "--json"])
    out = capsys.readouterr()
    seen = out.out + out.err + caplog.text
    assert code == 2 and "401" in out.err
    assert SECRET not in seen and basic not in seen and "s3cret" not in seen


# --- TLS against a local server with a self-signed certificate ----------------------------
class _Json(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"head": {"vars": ["g", "n"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def tls_server(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Json)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield f"https://127.0.0.1:{server.server_port}", cert
    server.shutdown()
    server.server_close()


def test_self_signed_certificate_is_refused_unless_its_ca_is_given(tls_server, monkeypatch):
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # the default trust store, not a test's
        monkeypatch.delenv(name, raising=False)
    base, cert = tls_server
    urls = EndpointUrls(f"{base}/query", f"{base}/update", f"{base}/store")
    auth = make_auth(get_kind("generic"), "loader", SECRET)
    with pytest.raises(EndpointError, match="SSL|certificate") as info:
        GraphStoreClient(urls, auth=auth, retry=ONCE).select("ASK {}")
    assert SECRET not in str(info.value)
    assert list(GraphStoreClient(urls, auth=auth, verify=str(cert), retry=ONCE).select("SELECT * {}")) == []


def test_ca_bundle_is_used_even_when_the_environment_names_another(tls_server, monkeypatch):
    base, cert = tls_server
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", ssl.get_default_verify_paths().openssl_cafile)
    urls = EndpointUrls(f"{base}/query", f"{base}/update", f"{base}/store")
    assert list(GraphStoreClient(urls, verify=str(cert), retry=ONCE).select("SELECT * {}")) == []
