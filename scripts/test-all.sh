#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every stage, and ends with
# one line "N passed, N failed" over all stages.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 2
bash scripts/ensure-libvirt.sh || exit 2
npm run --silent build || exit 2
rm -rf out && npm run --silent compile-tests || exit 2
# xmllint (libxml2-utils) is the fix-safety test's schema oracle.
command -v xmllint >/dev/null || bash scripts/ensure-apt.sh libxml2-utils || exit 2

# The linter and the language server keep compiled schemas in the user's cache directory:
# the tests get one of their own, empty at the start and removed at the end.
XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT

passed=0
failed=0
# Runs node's test runner on some directories and adds its counts to the totals.
run_node_tests() {
  local log
  log=$(mktemp)
  # A test that hangs (e.g. a server process left running) fails after 5 minutes instead.
  # --expose-gc: the robustness test measures the heap after closing 500 documents.
  node --expose-gc --test --test-timeout=300000 --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$log" "$@"
  local status=$? p f
  p=$(grep -E '^# pass ' "$log" | awk '{s+=$3} END {print s+0}')
  f=$(grep -E '^# fail ' "$log" | awk '{s+=$3} END {print s+0}')
  rm -f "$log"
  # A file that fails to load is not always counted as a failed test: trust the exit code.
  if [[ $status -ne 0 && $f -eq 0 ]]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
}

dirs=(out/test/unit/)
[[ -d out/test/lsp ]] && dirs+=(out/test/lsp/)
run_node_tests "${dirs[@]}"

# An end-to-end stage writes "PASSED FAILED" to $STAGE_COUNTS; a stage that exits non-zero
# without reporting a failure (it crashed, or its setup failed) counts as one failure.
run_stage() {
  local name=$1
  shift
  local counts rc p=0 f=0
  counts=$(mktemp)
  echo "== ${name}"
  local started=$SECONDS
  # A hung stage fails after 20 minutes instead of stalling CI (the harness ends its process
  # groups on SIGTERM; --foreground keeps Ctrl+C reaching it).
  STAGE_COUNTS=$counts timeout --foreground --kill-after=15 1200 "$@"
  rc=$?
  echo "== ${name}: $((SECONDS - started)) s"
  read -r p f <"$counts" 2>/dev/null || true
  p=${p:-0} f=${f:-0}
  if [[ $rc -ne 0 && $f -eq 0 ]]; then
    echo "${name}: exited with status ${rc}"
    f=1
  fi
  rm -f "$counts"
  passed=$((passed + p))
  failed=$((failed + f))
}

# End-to-end: a real VS Code (code-server) running the extension-host suites through
# runTests(), a UI check in Chromium, and Neovim as a second LSP client (test/e2e/).
run_stage "e2e setup" bash scripts/e2e-setup.sh
if [[ -x test/e2e/harness/node_modules/.bin/code-server ]]; then
  run_stage "e2e vscode" node out/test/e2e/run.js
  run_stage "e2e ui" node out/test/e2e/ui.js
fi
run_stage "e2e neovim" bash test/e2e/nvim.sh

echo "${passed} passed, ${failed} failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
