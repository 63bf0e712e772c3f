#!/usr/bin/env bash
# Runs test/e2e/nvim.lua in headless Neovim with HOME and the XDG dirs inside the work dir
# (nvim writes its lsp.log under XDG_CACHE_HOME).
set -euo pipefail
cd "$(dirname "$0")/../.."
home=${LIBVIRT_E2E_WORK:-$PWD/.test-work}/nvim-home
mkdir -p "$home"
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share \
  XDG_CACHE_HOME=$home/.cache XDG_STATE_HOME=$home/.local/state LIBVIRT_E2E_ROOT=$PWD
# The timeout only guards against a hung server; the checks wait 20 s at most each.
exec timeout --kill-after=5 120 nvim --headless --clean -n -i NONE -u NONE -c 'luafile test/e2e/nvim.lua' </dev/null
