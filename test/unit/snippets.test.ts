import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { repoRoot, sharedDir } from '../support/fixtures';
import { expandSnippet, hasXmllint as xmllint, lintProblems, type SnippetJson } from '../support/snippets';
import { applyEdits } from '../../server/src/service/edits';
import { SNIPPETS, snippetCompletions } from '../../server/src/service/snippetCompletion';

type Snippet = SnippetJson;

const readSnippets = (file: string): Record<string, Snippet> => JSON.parse(fs.readFileSync(path.join(repoRoot, 'client', 'snippets', file), 'utf8'));
const snippets: Record<string, Snippet> = { ...readSnippets('libvirt-domain.json'), ...readSnippets('libvirt-network.json') };
/** Snippets of whole documents (a domain, a network) rather than of devices. */
const isDocument = (text: string) => /^<(domain|network)[\s>]/.test(text);
const service = new LanguageService();
const bodyOf = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

/** A q35 guest to put device snippets in: virtio-scsi controller 0 and two IOThreads. */
function inDomain(devices: string, withController = true): string {
  const controller = withController ? "    <controller type='scsi' index='0' model='virtio-scsi'/>\n" : '';
  return `<domain type='kvm'>
  <name>snippet-test</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>2</vcpu>
  <iothreads>2</iothreads>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
${controller}${devices}
  </devices>
</domain>
`;
}

function expanded(name: string): string {
  const text = expandSnippet(bodyOf(snippets[name])).replace(/\t/g, '  ');
  return isDocument(text) ? text : inDomain(text, !text.startsWith('<controller'));
}

const problems = (text: string): string[] => lintProblems(service, text);

describe('snippets', () => {
  const names = Object.keys(snippets);

  it('the snippets the editor issue asks for are there, with unique prefixes and descriptions', () => {
    for (const want of ['libvirt-disk-virtio', 'libvirt-disk-qcow2', 'libvirt-disk-shared', 'libvirt-disk-lun', 'libvirt-controller-virtio-scsi', 'libvirt-cdrom-sata', 'libvirt-domain-q35', 'libvirt-network-nat', 'libvirt-network-isolated', 'libvirt-network-bridge']) {
      assert.ok(names.some((n) => [snippets[n].prefix].flat().includes(want)), want);
    }
    const prefixes = names.flatMap((n) => [snippets[n].prefix].flat());
    assert.equal(new Set(prefixes).size, prefixes.length);
    for (const n of names) assert.ok(snippets[n].description.length > 30, n);
  });

  for (const name of names) {
    it(`${name}: expanded with its defaults, it is well-formed and draws no warning or error`, () => {
      const text = expanded(name);
      assert.equal(service.parse(text).xml?.syntaxError, null);
      assert.ok(service.isLibvirtDocument(service.parse(text)));
      assert.deepEqual(problems(text), []);
    });
  }

  it('the expansion helper follows snippet syntax', () => {
    assert.equal(expandSnippet("a='${1|none,directsync|}' b='${2:x${3:y}}' $0 \\$4 ${5}"), "a='none' b='xy'  $4 ");
  });

  it('all disk snippets together in one domain draw no warning or error', () => {
    const disks = names.map((n) => expandSnippet(bodyOf(snippets[n])).replace(/\t/g, '  ')).filter((t) => t.startsWith('<disk'));
    assert.ok(disks.length >= 5);
    assert.deepEqual(problems(inDomain(disks.join('\n'))), []);
  });

  it('the key settings are in the bodies: cache none, io native, discard unmap, shareable raw, lun on scsi', () => {
    const body = (prefix: string) => expandSnippet(bodyOf(Object.values(snippets).find((s) => [s.prefix].flat().includes(prefix))!));
    assert.match(body('libvirt-disk-virtio'), /cache='none' io='native' discard='unmap'/);
    assert.match(body('libvirt-disk-shared'), /type='raw' cache='none'[\s\S]*<shareable\/>/);
    assert.match(body('libvirt-disk-lun'), /device='lun'[\s\S]*type='raw' cache='none'[\s\S]*bus='scsi'/);
    assert.match(body('libvirt-controller-virtio-scsi'), /model='virtio-scsi'[\s\S]*queues='4' iothread='1'/);
    assert.match(body('libvirt-cdrom-sata'), /device='cdrom'[\s\S]*bus='sata'[\s\S]*<readonly\/>/);
    assert.match(body('libvirt-domain-q35'), /machine='q35'/);
  });

  const rng = path.join(sharedDir, 'schemas', 'libvirt', '10.7.0', 'domain.rng');
  const networkRng = path.join(sharedDir, 'schemas', 'libvirt', '10.7.0', 'network.rng');
  it('the expanded snippets validate against libvirt 10.7.0\'s RNG schema (xmllint)', { skip: !xmllint || !fs.existsSync(rng) ? 'xmllint or the shared schemas are missing' : false }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snippets-'));
    try {
      const files = names.filter((n) => !expanded(n).startsWith('<network')).map((n, i) => {
        const f = path.join(dir, `s${i}.xml`);
        fs.writeFileSync(f, expanded(n));
        return f;
      });
      const disks = names.map((n) => expandSnippet(bodyOf(snippets[n])).replace(/\t/g, '  ')).filter((t) => t.startsWith('<disk'));
      const all = path.join(dir, 'all.xml');
      fs.writeFileSync(all, inDomain(disks.join('\n')));
      files.push(all);
      try {
        execFileSync('xmllint', ['--noout', '--relaxng', rng, ...files], { stdio: 'pipe' });
        const networks = names.filter((n) => expanded(n).startsWith('<network')).map((n, i) => {
          const f = path.join(dir, `n${i}.xml`);
          fs.writeFileSync(f, expanded(n));
          return f;
        });
        assert.ok(networks.length >= 3);
        execFileSync('xmllint', ['--noout', '--relaxng', networkRng, ...networks], { stdio: 'pipe' });
      } catch (e) {
        assert.fail(String((e as { stderr?: Buffer }).stderr ?? e));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('served by the language server, in libvirt documents only', () => {
    const EMPTY_DEVICES = inDomain('    ').replace("    <controller type='scsi' index='0' model='virtio-scsi'/>\n", '');
    const at = (text: string, marker: string) => {
      const offset = text.indexOf(marker);
      assert.ok(offset >= 0, marker);
      return { text: text.replace(marker, ''), offset };
    };
    const labels = (text: string, offset: number) => snippetCompletions(service.parse(text).xml!, offset, { snippets: true }).map((e) => e.label);
    /** Snippets of whole documents, offered in a file with no root element (the storage ones are tested in storageSnippets.test.ts). */
    const ROOTS = new Set(['domain', 'network', 'pool', 'volume']);
    const devicePrefixes = SNIPPETS.filter((s) => !ROOTS.has(s.element)).map((s) => s.prefixes[0]);
    const rootPrefixes = SNIPPETS.filter((s) => ROOTS.has(s.element)).map((s) => s.prefixes[0]);

    it('the served snippets are the snippet files', () => {
      const storage = Object.keys(JSON.parse(fs.readFileSync(path.join(repoRoot, 'client', 'snippets', 'libvirt-storage.json'), 'utf8')));
      assert.deepEqual(SNIPPETS.map((s) => s.name), [...names, ...storage]);
    });

    it('device snippets inside <devices>, the domain and network skeletons in a file with no root, nothing elsewhere', () => {
      const inDevices = at(EMPTY_DEVICES, '  </devices>');
      assert.deepEqual(labels(inDevices.text.slice(0, inDevices.offset) + '    \n  </devices>' + inDevices.text.slice(inDevices.offset), inDevices.offset + 4), devicePrefixes);
      assert.deepEqual(labels('', 0), rootPrefixes);
      assert.ok(['libvirt-domain-q35', 'libvirt-network-nat', 'libvirt-network-isolated', 'libvirt-network-bridge', 'libvirt-pool-dir', 'libvirt-volume-qcow2'].every((p) => rootPrefixes.includes(p)));
      assert.deepEqual(labels('<?xml version="1.0"?>\n<!-- new -->\n<dom', 36), rootPrefixes);
      // Inside a network: none (its snippets are whole documents).
      assert.deepEqual(labels('<network>\n  \n</network>\n', 12), []);
      // Other XML, the domain's other elements, inside a start tag or a comment: none.
      assert.deepEqual(labels('<project>\n  \n</project>\n', 12), []);
      const os = EMPTY_DEVICES.indexOf('  <os>');
      assert.deepEqual(labels(EMPTY_DEVICES, os), []);
      const inTag = EMPTY_DEVICES.indexOf("type='kvm'");
      assert.deepEqual(labels(EMPTY_DEVICES, inTag), []);
      const withComment = EMPTY_DEVICES.replace('  </devices>', '    <!-- x  -->\n  </devices>');
      assert.deepEqual(labels(withComment, withComment.indexOf('x  -->') + 2), []);
    });

    for (const snippet of SNIPPETS.filter((s) => s.element === 'domain' || !ROOTS.has(s.element))) {
      it(`${snippet.name}: accepted from completion with its defaults, the document lints clean`, () => {
        const whole = snippet.element === 'domain' || snippet.element === 'network';
        const host = whole ? '<' : EMPTY_DEVICES.replace('  </devices>', '    <\n  </devices>');
        const offset = whole ? 1 : host.indexOf('<\n  </devices>') + 1;
        const entry = snippetCompletions(service.parse(host).xml!, offset, { snippets: false }).find((e) => e.snippet === snippet);
        assert.ok(entry, `${snippet.name} is offered there`);
        assert.equal(entry.edit.start, offset - 1, 'the typed < is replaced');
        let text = applyEdits(host, [entry.edit]).replace(/\t/g, '  ');
        // Device snippets that need a virtio-scsi controller or IOThreads get them, as in the tests above.
        if (!whole && snippet.element !== 'controller') text = text.replace('  <devices>\n', "  <devices>\n    <controller type='scsi' index='0' model='virtio-scsi'/>\n");
        assert.equal(service.parse(text).xml?.syntaxError, null, text);
        assert.deepEqual(problems(text), [], text);
        // With snippet syntax the body is the file's, untouched.
        const withSyntax = snippetCompletions(service.parse(host).xml!, offset, { snippets: true }).find((e) => e.snippet === snippet)!;
        assert.equal(expandSnippet(withSyntax.edit.newText), entry.edit.newText);
      });
    }
  });
});
