#!/usr/bin/env bash
# Installs everything vigil needs to build, test and benchmark, from Debian 12 packages only.
# Runs as root (apt-get); skips the install when every package is already present.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates python3 python3-yaml
  libhyperscan-dev libpcre2-dev libyaml-cpp-dev libgit2-dev libtbb-dev libfmt-dev
  libcli11-dev libcurl4-openssl-dev libssl-dev libsimdjson-dev libsqlite3-dev libarchive-dev
  catch2 openssl ripgrep hyperfine time valgrind
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}; run as root (apt-get)" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
