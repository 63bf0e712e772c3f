import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { fixturesDir } from '../support/fixtures';
import { schemaDir, testSchema } from '../support/schemas';

/**
 * The libxml2 interleave bug, shown with the real tools where they are installed: libvirt's
 * parser (virsh define, test driver, no daemon) accepts a <uuid> after <memory>, libxml2
 * (xmllint, and virsh define --validate) rejects it, and this validator accepts it.
 */
const file = path.join(fixturesDir, 'schema', 'valid-uuid-after-memory.xml');
const has = (cmd: string): boolean => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

describe('libxml2 interleave false positive', () => {
  it('this validator accepts the order (both schema versions)', () => {
    const doc = parseXml(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(testSchema('10.7.0').validate(doc), []);
    assert.deepEqual(testSchema('9.0.0').validate(doc), []);
  });

  it('libvirt accepts it without --validate and rejects it with libxml2 validation', { skip: !has('virsh') && 'virsh is not installed' }, () => {
    const node = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-oracle-')), 'empty-node.xml');
    fs.writeFileSync(node, '<node><cpu><mhz>2000</mhz></cpu></node>\n');
    const uri = `test://${node}`;
    const plain = spawnSync('virsh', ['-c', uri, 'define', file], { encoding: 'utf8' });
    assert.equal(plain.status, 0, plain.stderr);
    const validated = spawnSync('virsh', ['-c', uri, 'define', '--validate', file], { encoding: 'utf8' });
    assert.notEqual(validated.status, 0);
    assert.match(validated.stderr, /Extra element uuid in interleave/);
  });

  it('native xmllint rejects it', { skip: !has('xmllint') && 'xmllint is not installed' }, () => {
    const r = spawnSync('xmllint', ['--noout', '--relaxng', path.join(schemaDir('10.7.0'), 'domain.rng'), file], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Extra element uuid in interleave/);
  });
});
