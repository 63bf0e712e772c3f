#!/usr/bin/env bash
# Installs what the end-to-end tests need and nothing else: Debian packages (apt-get, only
# as root on Debian), then code-server and playwright-core from the harness's own lockfile
# (test/e2e/harness/). Idempotent: a second run only checks and returns within seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
harness=test/e2e/harness
work=${LIBVIRT_E2E_WORK:-$repo/.test-work}

# chromium runs the workbench; libkrb5-dev, build-essential, python3 and pkg-config build
# code-server's native modules (kerberos, node-pty, argon2); ripgrep stands in for the
# binary @vscode/ripgrep would download from GitHub; neovim is the second LSP client.
packages=(chromium libkrb5-dev ripgrep neovim build-essential python3 pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 && -f /etc/debian_version ]] && command -v apt-get >/dev/null; then
    echo "e2e-setup: installing Debian packages: ${missing[*]}"
    # Another apt client may hold the dpkg lock for a while; wait for it rather than fail.
    apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
    export DEBIAN_FRONTEND=noninteractive
    apt_get update -qq
    apt_get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "e2e-setup: missing Debian packages: ${missing[*]}" >&2
    echo "e2e-setup: install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 2
  fi
fi

stamp=$harness/node_modules/.package-lock.json
if [[ -f $stamp && ! $harness/package-lock.json -nt $stamp && -x $harness/node_modules/.bin/code-server ]]; then
  exit 0
fi

# code-server's install scripts need these (see the pitfalls in shared/docs/e2e.md):
# - npm_config_unsafe_perm: its postinstall refuses to run as root without it;
# - npm_config_yes: node-pty's install runs node-gyp through npx, which must not prompt;
# - npm_config_nodedir: node-gyp would download Node's headers; use the installed ones;
# - TMPDIR: @vscode/ripgrep takes its archive from a cache under the temp dir, seeded below
#   with Debian's rg, because its default download from GitHub is not reachable.
node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
if [[ ! -f $node_prefix/include/node/node.h ]]; then
  echo "e2e-setup: Node's headers are not in $node_prefix/include/node; node-gyp needs them" >&2
  exit 2
fi
npm_cache=$(npm config get cache)
mkdir -p "$work/setup-home" "$work/tmp"
rg_cache=$work/tmp/vscode-ripgrep-cache-1.15.11
rg_archive=$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
if [[ ! -f $rg_archive ]]; then
  mkdir -p "$rg_cache"
  tar czf "$rg_archive.part" -C "$(dirname "$(readlink -f "$(command -v rg)")")" rg
  mv "$rg_archive.part" "$rg_archive"
fi

echo "e2e-setup: installing code-server and playwright-core into $harness (about 2 minutes the first time)"
(
  cd "$harness"
  HOME=$work/setup-home XDG_CONFIG_HOME=$work/setup-home/.config XDG_CACHE_HOME=$work/setup-home/.cache \
  XDG_DATA_HOME=$work/setup-home/.local/share TMPDIR=$work/tmp \
  npm_config_cache=$npm_cache npm_config_unsafe_perm=true npm_config_yes=true \
  npm_config_nodedir=$node_prefix npm_config_update_notifier=false \
    npm ci --no-audit --no-fund --foreground-scripts --loglevel=error >"$work/harness-install.log" 2>&1 \
    || { tail -n 60 "$work/harness-install.log" >&2; echo "e2e-setup: npm ci failed (full log: $work/harness-install.log)" >&2; exit 2; }
)
echo "e2e-setup: done"
