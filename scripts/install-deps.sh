#!/usr/bin/env bash
# Installs what building, running and testing CriEngine needs on Debian 12, skipping what is
# there already. Run as root (make run / make test call it).
set -euo pipefail

# The OCI runtimes, the monitor and the CNI plugins the engine drives.
packages=(runc crun conmon containernetworking-plugins iproute2 iptables libzstd1 criu)
# Native AOT for crimon links with clang and zlib.
packages+=(clang zlib1g-dev)
# What the tests use: a real registry, test image content, skopeo for the benchmark and to sign images,
# GnuPG for the signing keys, htpasswd for basic auth, a bus daemon and systemd to run in namespaces of the tests' own.
packages+=(docker-registry busybox-static skopeo gnupg apache2-utils zstd dbus dbus-daemon systemd)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing packages ${missing[*]}; run as root to install them" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "install-deps: the .NET SDK 10 is required (dotnet on PATH); it is not a Debian package" >&2
  exit 1
fi
