#!/usr/bin/env bash
# Make Debian's PostgreSQL server programs available for the storage tests (tests/integration):
# the tests start their own server (initdb in a temporary folder, a loopback port), so nothing
# is configured or started here.
set -euo pipefail
for candidate in "${ADSTUDIO_PG_BIN:-}" /usr/lib/postgresql/*/bin; do
  if [[ -n "$candidate" && -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
    echo "postgresql: $candidate"
    exit 0
  fi
done
if [[ $(id -u) -eq 0 ]]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo -n"; else
  echo "PostgreSQL is missing and this user cannot install it: run 'apt-get install postgresql' as root" >&2
  exit 1
fi
echo "installing Debian's postgresql for the storage tests..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
# Debian's package starts a cluster of its own; the tests do not use it.
$SUDO pg_ctlcluster --help >/dev/null 2>&1 && $SUDO service postgresql stop >/dev/null 2>&1 || true
echo "postgresql: $(ls -d /usr/lib/postgresql/*/bin | tail -1)"
