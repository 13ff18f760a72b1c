#!/usr/bin/env bash
# install-deps.sh — installs the Debian 12 packages vigil needs, if missing.
#   scripts/install-deps.sh [--bench]
# Needs root (or sudo) only when something is missing.
set -euo pipefail

pkgs=(clang-19 llvm-19-dev libclang-19-dev libclang-rt-19-dev llvm-19-tools lld-19
      libstdc++-12-dev cmake ninja-build python3 libgtest-dev
      libboost-context-dev
      clang-14)  # clang-14: the test that the plugin refuses a foreign clang
if [ "${1:-}" = "--bench" ]; then
  pkgs+=(libbenchmark-dev golang-1.19-go)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "vigil: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then sudo=sudo; else
    echo "vigil: need root to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
