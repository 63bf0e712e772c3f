import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { Requests, type StatusResult } from '../../server/src/protocol';
import { readFixture } from '../support/fixtures';
import { schemaDir } from '../support/schemas';
import { TestClient, trackedClients } from './testConnection';

const typical = readFixture('schema', 'valid-typical.xml');
const dir10 = schemaDir('10.7.0');

const start = trackedClients(after);

const status = (client: TestClient, params: unknown) => client.connection.sendRequest(Requests.status, params) as Promise<StatusResult>;

describe('language server: libvirt/status (the language status item)', () => {
  it('names the schema directory and its version, the profiles, and whether the document is a domain', async () => {
    const client = await start({ schema: { defaultDirs: [dir10] }, settings: { profiles: ['migration'] } });
    const uri = 'file:///typical.xml';
    await client.open(uri, typical);
    await client.open('file:///other.xml', '<project><name>x</name></project>');
    assert.deepEqual(await status(client, { uri }), { profiles: ['migration'], isDomain: true, kind: 'domain', schema: { kind: 'found', dir: dir10, version: '10.7.0' } });
    assert.equal((await status(client, { uri: 'file:///other.xml' })).isDomain, false);
    assert.equal((await status(client, { uri: 'file:///other.xml' })).kind, null);
    await client.open('file:///net.xml', '<network><name>n</name></network>');
    assert.deepEqual([(await status(client, { uri: 'file:///net.xml' })).isDomain, (await status(client, { uri: 'file:///net.xml' })).kind], [true, 'network']);
    // A document the server does not have, or no params at all: the settings without a document.
    assert.equal((await status(client, { uri: 'file:///closed.xml' })).isDomain, false);
    assert.equal((await status(client, null)).schema.kind, 'found');
  });

  it('says where it looked when no schemas are found, and when schema validation is off', async () => {
    const missing = path.join(dir10, 'no-such-dir');
    const client = await start({ schema: { defaultDirs: [missing] } });
    assert.deepEqual((await status(client, {})).schema, { kind: 'missing', searched: [missing] });
    await client.changeSettings({ schema: { enable: false } });
    assert.deepEqual((await status(client, {})).schema, { kind: 'off', reason: 'libvirt.schema.enable is false' });
    const without = await start({});
    assert.equal((await status(without, {})).schema.kind, 'off');
  });
});
