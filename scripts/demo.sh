#!/usr/bin/env bash
# First run on a fresh clone: installs the dependencies, builds, and lints examples/.
# The examples are unsafe on purpose, so exit status 1 (errors found) counts as success here.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 2
npm run --silent build || exit 2
node dist/cli.js examples/
status=$?
echo
echo "Try: node dist/cli.js --format json examples/cluster-node2.xml"
echo "     cp examples/cluster-node1.xml /tmp/ && node dist/cli.js --fix /tmp/cluster-node1.xml"
echo "     node dist/cli.js --domain examples/web-server.xml examples/attach-data-disk.xml   # a device file checked against its domain"
[[ $status -le 1 ]]
