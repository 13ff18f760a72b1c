#!/usr/bin/env bash
# install-sarif-validator.sh — installs Microsoft's SARIF validator
# (Sarif.Multitool, npm package @microsoft/sarif-multitool) into build/npm,
# where the tests of `vigil report --format sarif` find it. Needs Node.js and
# npm (installed from Debian's packages if missing) and the npm registry.
#   scripts/install-sarif-validator.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
tool="$build/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
[ -x "$tool" ] && exit 0
if ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" != 0 ] && command -v sudo >/dev/null && sudo=sudo
  echo "vigil: installing nodejs and npm (for the SARIF validator)" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
mkdir -p "$build/npm"
echo "vigil: installing @microsoft/sarif-multitool into $build/npm" >&2
npm install --prefix "$build/npm" --no-audit --no-fund --silent @microsoft/sarif-multitool@5.7.0 >/dev/null
# npm does not run the package's install script (chmod) by default.
chmod u+x "$tool"
"$tool" --version >/dev/null 2>&1
