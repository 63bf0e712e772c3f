#!/usr/bin/env bash
# Installs the given Debian packages when some are missing, if we are root on a Debian-like
# system; elsewhere only says what is missing (the tests that need them say so too).
# Usage: scripts/ensure-apt.sh PACKAGE...
set -uo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "ensure-apt: missing ${missing[*]} (not root on Debian: not installing)" >&2
  exit 0
fi
echo "ensure-apt: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Another process may hold the dpkg lock for a while: wait for it rather than fail.
for attempt in 1 2 3 4 5 6; do
  if apt-get -o DPkg::Lock::Timeout=120 update -qq && apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${missing[@]}"; then
    exit 0
  fi
  echo "ensure-apt: attempt $attempt failed, retrying" >&2
  sleep 10
done
echo "ensure-apt: could not install ${missing[*]}" >&2
exit 1
