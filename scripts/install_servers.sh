#!/usr/bin/env bash
# Install the SPARQL servers the endpoint tests start: Oxigraph server and Virtuoso 7.
# Idempotent and quiet; runs as root on Debian 12 (CI and developer machines).
# The Oxigraph server binary comes from PyPI (package `oxigraph`, in the `test` extra of
# pyproject.toml), so `make test` puts it into .venv; only Virtuoso needs apt.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

install_virtuoso() {
  if have virtuoso-t && have isql-vt; then
    return 0
  fi
  if ! have apt-get; then
    echo "install_servers: no apt-get; install Virtuoso 7 (virtuoso-t, isql-vt) by hand" >&2
    return 0  # the tests that need it skip, naming the missing binary
  fi
  local sudo="" log
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log=$(mktemp)
  # quiet when it works, the whole apt log when it does not
  if ! { $sudo apt-get update -qq &&
         $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
           virtuoso-opensource-7-bin; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  # the tests start their own Virtuoso on free loopback ports; a packaged service (which
  # containers do not start) would only hold ports 1111/8890
  if have systemctl && systemctl is-active --quiet virtuoso-opensource-7 2>/dev/null; then
    $sudo systemctl stop virtuoso-opensource-7 || true
  fi
}

install_virtuoso
echo "install_servers: virtuoso-t $(have virtuoso-t && command -v virtuoso-t || echo missing)"
