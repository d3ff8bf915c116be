#!/usr/bin/env bash
# Make Debian's chromium available for the browser tests (tests/browser).
set -euo pipefail
for candidate in "${ADSTUDIO_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [[ -n "$candidate" && -x "$candidate" ]]; then
    echo "chromium: $candidate"
    exit 0
  fi
done
if [[ $(id -u) -eq 0 ]]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo -n"; else
  echo "chromium is missing and this user cannot install it: run 'apt-get install chromium' as root" >&2
  exit 1
fi
echo "installing Debian's chromium for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "chromium: $(command -v chromium)"
