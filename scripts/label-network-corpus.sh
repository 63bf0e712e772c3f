#!/bin/sh
# Labels libvirt's network test inputs (test/fixtures/corpus/network/*/*.xml) with libvirt's own
# verdicts, into test/fixtures/corpus/network/labels.tsv:
# - define_ok / define_error: `virsh net-define FILE` on libvirt's test driver (its generic network
#   parser, virNetworkDefParseXML; not the network driver's networkValidate). Each virsh call is a
#   fresh test driver in a new process; the node file is empty so that no predefined network
#   ('default' in test:///default) can clash with a corpus file's name or UUID;
# - schema_ok / schema_error: `xmllint --relaxng network.rng` with the schemas given (default: the
#   installed ones);
# - libvirt_test: `parse-error` for the inputs libvirt's tests/networkxml2xmltest.c expects to fail
#   parsing (DO_TEST_PARSE_ERROR), else `ok` (tests/networkxml2xmlin) or `-` (other folders).
# Usage: scripts/label-network-corpus.sh [SCHEMA_DIR]   (needs virsh and xmllint)
set -eu
cd "$(dirname "$0")/.."
corpus=test/fixtures/corpus/network
schemas=${1:-/usr/share/libvirt/schemas}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '<node><cpu><mhz>2000</mhz></cpu></node>\n' > "$tmp/node.xml"
parse_errors=" hostdev-duplicate passthrough-duplicate open-network-with-forward-dev routed-network-no-dns-extra-elements "
out="$corpus/labels.tsv"
{
  printf '# virsh %s (test driver), xmllint %s, schemas %s\n' "$(virsh --version)" "$(xmllint --version 2>&1 | head -1 | sed 's/.*version //')" "$(basename "$schemas")"
  printf 'file\tdefine_ok\tschema_ok\tlibvirt_test\tdefine_error\tschema_error\n'
  for f in "$corpus"/*/*.xml; do
    rel=${f#"$corpus"/}
    if err=$(virsh -q -c "test://$tmp/node.xml" net-define "$f" 2>&1 >/dev/null); then define=yes; err=; else define=no; fi
    err=$(printf '%s' "$err" | sed -n 's/^error: //p' | grep -v '^Failed to define network' | head -1 | tr '\t' ' ')
    if serr=$(xmllint --noout --relaxng "$schemas/network.rng" "$f" 2>&1); then schema=yes; serr=; else schema=no; fi
    serr=$(printf '%s' "$serr" | grep -v 'fails to validate$' | head -1 | sed "s|^$f:||" | tr '\t' ' ')
    name=$(basename "$f" .xml)
    case "$rel" in
      networkxml2xmlin/*) case "$parse_errors" in *" $name "*) expect=parse-error ;; *) expect=ok ;; esac ;;
      *) expect=- ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$rel" "$define" "$schema" "$expect" "$err" "$serr"
  done
} > "$out"
echo "wrote $out"
