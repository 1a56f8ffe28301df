#!/usr/bin/env bash
# Installs the Debian packages the build needs, only when one is missing.
# `install-deps.sh --bench` also installs what `make bench` measures with (valgrind for instruction counts).
set -euo pipefail
packages=(libhyperscan-dev libpcre2-dev libsqlite3-dev pkg-config zlib1g-dev curl)
if [ "${1:-}" = "--bench" ]; then packages+=(valgrind binutils python3); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The SARIF output test validates against the official schema with Python's jsonschema.
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "installing: jsonschema (PyPI)"
  python3 -m pip install -q jsonschema
fi
# The SDK end-to-end test makes a virtual environment; Debian's system python needs python3-venv for that.
if ! python3 -m venv --help >/dev/null 2>&1; then
  echo "installing: python3-venv"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv
fi
