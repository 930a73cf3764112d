#!/usr/bin/env bash
# Installs the Debian packages isms needs to build and test, if any is
# missing. Safe to run again; needs root or sudo only when something is
# missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libprotobuf-dev protobuf-compiler
  libabsl-dev
  libboost-graph-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-protobuf python3-numpy python3-pytest pybind11-dev
  abigail-tools
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
