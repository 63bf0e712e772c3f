#!/usr/bin/env bash
# Labels storage pool and volume XML files by libvirt itself, for test/unit/storageCorpus.test.ts:
#   - define_ok / define_error: libvirt's test driver (no daemon), one virsh process per file:
#       pools:   virsh -c test:///EMPTY-NODE 'pool-define FILE'
#       volumes: virsh -c test:///EMPTY-NODE 'pool-define POOL ; pool-start NAME ; vol-create NAME FILE'
#     with POOL the pool libvirt's own tests pair the volume with (tests/storagevolxml2xmltest.c):
#     a disk pool for partitions, a logical pool for LVs, a gluster pool for gluster volumes, a dir
#     pool for everything else (rule fixtures of volume rules too);
#   - schema_ok / schema_error: xmllint --relaxng with storagepool.rng / storagevol.rng from
#     SCHEMA_DIR (libxml2; see the libvirt oracle notes for its known wrong verdicts).
# Output (stdout): a TSV with a header; paths relative to test/fixtures.
#
# Usage: scripts/label-storage.sh SCHEMA_DIR > test/fixtures/corpus/storage-labels.tsv
# (SCHEMA_DIR: libvirt's RelaxNG schemas, e.g. a 10.7.0 copy or /usr/share/libvirt/schemas)
set -euo pipefail

schema_dir=${1:?usage: $0 SCHEMA_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
fixtures="$here/test/fixtures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo '<node><cpu><mhz>2000</mhz></cpu></node>' > "$work/empty-node.xml"
uri="test://$work/empty-node.xml"

# The first error of a virsh run that says why ('' when there is none): tabs flattened, the
# generic "Failed to define pool" and the follow-up "failed to get pool" lines left out.
virsh_run() {
  virsh -q -c "$uri" "$1" 2>&1 | grep '^error: ' | grep -v '^error: Failed to \|^error: failed to get' | head -1 | tr '\t' ' ' || true
}

pool_name() {
  local n
  n=$(xmllint --xpath 'string(/pool/name)' "$1" 2>/dev/null || true)
  [ -n "$n" ] || n=$(xmllint --xpath 'string(/pool/source/name)' "$1" 2>/dev/null || true)
  printf '%s' "$n"
}

pool_for_volume() {
  case "$(basename "$1")" in
    vol-partition*) echo pool-disk ;;
    vol-logical*) echo pool-logical ;;
    vol-gluster*) echo pool-gluster ;;
    *) echo pool-dir ;;
  esac
}

schema_verdict() {
  local out
  if out=$(xmllint --noout --relaxng "$schema_dir/$1" "$2" 2>&1); then
    printf '1\t'
  else
    printf '0\t%s' "$(printf '%s\n' "$out" | grep -v 'fails to validate$' | head -1 | sed "s|^$2:||" | tr '\t' ' ')"
  fi
}

printf 'file\tkind\tpool\tdefine_ok\tdefine_error\tschema_ok\tschema_error\n'

label_pool() {
  local file=$1 rel=${1#"$fixtures"/} err
  err=$(virsh_run "pool-define $file")
  printf '%s\tpool\t-\t%s\t%s\t%s\n' "$rel" "$([ -z "$err" ] && echo 1 || echo 0)" "$err" "$(schema_verdict storagepool.rng "$file")"
}

label_volume() {
  local file=$1 rel=${1#"$fixtures"/} pool poolfile name err
  pool=$(pool_for_volume "$file")
  poolfile="$fixtures/corpus/pool/$pool.xml"
  name=$(pool_name "$poolfile")
  err=$(virsh_run "pool-define $poolfile ; pool-start $name ; vol-create $name $file")
  printf '%s\tvolume\t%s\t%s\t%s\t%s\n' "$rel" "$pool" "$([ -z "$err" ] && echo 1 || echo 0)" "$err" "$(schema_verdict storagevol.rng "$file")"
}

shopt -s nullglob
for f in "$fixtures"/corpus/pool/*.xml; do label_pool "$f"; done
for f in "$fixtures"/corpus/volume/*.xml; do label_volume "$f"; done
# The fixtures of the pool and volume rules (storage-* rules hold both kinds: the root decides).
for f in "$fixtures"/rules/pool-*/*.xml "$fixtures"/rules/volume-*/*.xml "$fixtures"/rules/storage-*/*.xml; do
  if grep -q '^<pool' "$f"; then label_pool "$f"; else label_volume "$f"; fi
done
