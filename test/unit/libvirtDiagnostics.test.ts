import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { LineIndex, type Span } from '../../server/src/service/index';
import { libvirtDiagnostics, locateLibvirtMessage } from '../../server/src/service/libvirt/index';
import { ThrowawayLibvirt, Virsh } from '../../client/src/virsh';
import { cleanDomain, sharedQemuCache, SKIP_NO_QEMU, SKIP_NO_VIRSH } from '../support/libvirtEnv';

const DUP = cleanDomain('dup', 256, "\n    <disk type='file' device='disk'>\n      <source file='/b.img'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>");

/** "line:char-line:char" of each span, 0-based. */
function ranges(text: string, spans: Span[]): string[] {
  const lines = new LineIndex(text);
  return spans.map((s) => {
    const a = lines.positionAt(s.start);
    const b = lines.positionAt(s.end);
    return `${a.line}:${a.character}-${b.line}:${b.character}`;
  });
}

describe('placing libvirt messages in the document', () => {
  test("a duplicated target marks every <target> with that dev", () => {
    const spans = locateLibvirtMessage(DUP, "XML error: target 'vda' duplicated for disk sources '/var/lib/libvirt/images/dup.img' and '/b.img'");
    assert.deepEqual(ranges(DUP, spans), ['10:6-10:38', '14:6-14:38']);
    assert.ok(spans.every((s) => DUP.slice(s.start, s.end).startsWith('<target dev=')));
  });

  test('a libxml2 error with a line marks that line', () => {
    const text = cleanDomain('m').replace('</memory>', '</memry>');
    const spans = locateLibvirtMessage(text, '(domain_definition):3: Opening and ending tag mismatch: memory line 3 and memry');
    assert.deepEqual(ranges(text, spans), ['2:2-2:32']);
  });

  test('an invalid attribute value marks that attribute', () => {
    const text = cleanDomain('b').replace("bus='virtio'", "bus='virtoo'");
    const spans = locateLibvirtMessage(text, "XML error: Invalid value for attribute 'bus' in element 'target': 'virtoo'.");
    assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ["bus='virtoo'"]);
  });

  test('schema details: extra content and invalid attributes', () => {
    const text = cleanDomain('e').replace(/<memory( unit='MiB'>256<\/)memory>/, '<memry$1memry>');
    const spans = locateLibvirtMessage(
      text,
      'XML document failed to validate against schema: Unable to validate doc against /usr/share/libvirt/schemas/domain.rng\nElement domain has extra content: memry',
    );
    assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ["<memry unit='MiB'>"]);
    const t2 = cleanDomain('f').replace("<type arch='x86_64'>", "<type arch='x86_64' archh='x'>");
    assert.deepEqual(
      locateLibvirtMessage(t2, 'XML document failed to validate against schema: Unable to validate doc against x\nInvalid attribute archh for element type').map((s) => t2.slice(s.start, s.end)),
      ["archh='x'"],
    );
  });

  test('a value found once: the attribute, or the element when the message names it', () => {
    const text = cleanDomain('q').replace("cache='none'", "cache='writeback' io='native'");
    const spans = locateLibvirtMessage(text, "unsupported configuration: io='native' needs either no disk cache or directsync cache mode");
    assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ["io='native'"]);
    const t2 = cleanDomain('kvm1').replace("type='qemu'", "type='kvm'");
    assert.deepEqual(
      locateLibvirtMessage(t2, "unsupported configuration: Emulator '/usr/bin/qemu-system-x86_64' does not support virt type 'kvm'").map((s) => t2.slice(s.start, s.end)),
      ["type='kvm'"],
    );
  });

  test('a message that names nothing in the document goes to line 0', () => {
    const text = cleanDomain('n');
    assert.deepEqual(locateLibvirtMessage(text, 'XML error: No PCI buses available'), []);
    assert.deepEqual(locateLibvirtMessage(text, "unsupported configuration: Only one 'x' is allowed, '0' given"), []);
    const d = libvirtDiagnostics(text, [{ driver: 'test', ok: false, messages: ['XML error: No PCI buses available'] }]);
    assert.equal(d.length, 1);
    assert.deepEqual(ranges(text, [d[0].span]), ['0:0-0:20']);
    assert.equal(d[0].ruleId, 'libvirt');
    assert.equal(d[0].severity, 'error');
    assert.equal(d[0].message, 'libvirt: XML error: No PCI buses available');
  });
});

describe('validate with libvirt → diagnostics', { skip: SKIP_NO_VIRSH }, () => {
  const oracle = new ThrowawayLibvirt(new Virsh(), { seedCache: sharedQemuCache() });
  after(() => oracle.dispose());

  test('duplicate targets: one diagnostic per <target>, with libvirt’s wording', async () => {
    const d = libvirtDiagnostics(DUP, await oracle.validate(DUP, { qemu: false }));
    assert.deepEqual(
      d.map((x) => [ranges(DUP, [x.span])[0], x.ruleId]),
      [
        ['10:6-10:38', 'libvirt'],
        ['14:6-14:38', 'libvirt'],
      ],
    );
    assert.match(d[0].message, /^libvirt: XML error: target 'vda' duplicated for disk sources/);
  });

  test("the QEMU driver's io='native' check lands on the io attribute", { skip: SKIP_NO_QEMU }, async () => {
    const text = cleanDomain('q').replace("cache='none'", "cache='writeback' io='native'");
    const d = libvirtDiagnostics(text, await oracle.validate(text));
    assert.equal(d.length, 1);
    assert.equal(text.slice(d[0].span.start, d[0].span.end), "io='native'");
    assert.match(d[0].message, /^libvirt's QEMU driver: unsupported configuration: io='native' needs either no disk cache or directsync cache mode$/);
  });

  test('a clean domain gets no diagnostics', async () => {
    assert.deepEqual(libvirtDiagnostics(cleanDomain('c'), await oracle.validate(cleanDomain('c'), { qemu: !SKIP_NO_QEMU })), []);
  });
});
