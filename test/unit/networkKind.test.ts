import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { networkKind } from '../../server/src/service/kinds/network/index';
import { networkFacts } from '../../server/src/service/kinds/network/facts/index';
import { FORWARD_MODES } from '../../server/src/service/kinds/network/model/network';
import { inSubnet, parseIp, effectivePrefix, netmaskPrefix } from '../../server/src/service/kinds/network/model/ip';
import { cursor } from '../support/cursor';
import { ROUTED_WITH_NAT as NAT } from '../support/networks';
import { fixturesDir } from '../support/fixtures';
import { formatRange } from '../support/ranges';
import { schemaDir } from '../support/schemas';

const service = new LanguageService();
const corpus = path.join(fixturesDir, 'corpus', 'network');
const corpusFiles = fs.readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.xml'));


describe('network documents', () => {
  it('are their own kind, linted with the network rules', () => {
    const doc = service.parse(NAT);
    assert.equal(doc.kind, networkKind);
    const found = service.validate(doc).map((d) => `${d.ruleId} ${d.severity} ${formatRange(NAT, d.span)}`);
    assert.deepEqual(found, ['network-nat-outside-nat-mode error 3:5-3:8', 'network-dhcp-range error 8:7-8:12']);
  });

  it('rule levels from settings apply (off, or another severity)', () => {
    const doc = service.parse(NAT);
    const got = service.validate(doc, { rules: { 'network-nat-outside-nat-mode': 'off', 'network-dhcp-range': 'warning' } });
    assert.deepEqual(got.map((d) => `${d.ruleId} ${d.severity}`), ['network-dhcp-range warning']);
  });

  it('a suppression comment silences a network rule', () => {
    const text = NAT.replace('    <nat/>', '    <!-- libvirt-lint-disable-next-line network-nat-outside-nat-mode -->\n    <nat/>');
    const got = service.validate(service.parse(text)).map((d) => d.ruleId);
    assert.ok(!got.includes('network-nat-outside-nat-mode'), got.join());
  });

  it('the outline shows the name, forward mode, bridge, addresses with their DHCP, and routes', () => {
    const [root, ...rest] = service.symbols(service.parse(NAT));
    assert.deepEqual(rest, []);
    assert.deepEqual([root.name, root.detail, root.kind], ['network lab', 'forward route', 'module']);
    const symbols = root.children;
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail ?? '', s.children.map((c) => c.name)]),
      [
        ['name', 'lab', []],
        ['forward route', 'with <nat>', []],
        ['bridge virbr9', '', []],
        ['192.0.2.1/24', 'IPv4, DHCP', ['192.0.2.100 – 192.0.2.10', '192.0.2.5']],
        ['route 198.51.100.0/24', 'via 192.0.2.2', []],
      ],
    );
  });

  it('hover explains elements, attributes and values, and names the rules about them', () => {
    const at = (needle: string, delta = 1) => service.hover(service.parse(NAT), NAT.indexOf(needle) + delta)!;
    assert.match(at('<forward').contents, /How the network reaches the outside/);
    assert.match(at("mode='route'", 7).contents, /routed without NAT[\s\S]*network-nat-outside-nat-mode/);
    assert.match(at('<nat').contents, /NAT settings[\s\S]*network-nat-outside-nat-mode/);
    assert.match(at('<range').contents, /pool of addresses[\s\S]*network-dhcp-range[\s\S]*formatnetwork\.html#addressing/);
    assert.match(at("gateway=").contents, /next hop/);
  });

  it('the forward modes of the facts are the model\'s', () => {
    const mode = networkFacts['network/forward'].attrs!.mode.values!.map((v) => v.value);
    assert.deepEqual([...mode].sort(), [...FORWARD_MODES].sort());
  });

  it('completion offers the children of <network> and the forward modes', () => {
    const { text, offset } = cursor("<network>\n  <name>x</name>\n  <forward mode='|'/>\n</network>");
    const modes = service.complete(service.parse(text), offset).map((c) => c.label);
    assert.deepEqual(modes, ['nat', 'route', 'open', 'bridge', 'private', 'vepa', 'passthrough', 'hostdev']);
    const inRoot = cursor('<network>\n  <|\n</network>');
    const children = service.complete(service.parse(inRoot.text), inRoot.offset).map((c) => c.label);
    for (const c of ['name', 'forward', 'bridge', 'ip', 'dns', 'portgroup', 'route']) assert.ok(children.includes(c), `${c} in ${children.join()}`);
    const inDhcp = cursor("<network><ip address='192.0.2.1' prefix='24'><dhcp>\n  <|\n</dhcp></ip></network>");
    assert.deepEqual(service.complete(service.parse(inDhcp.text), inDhcp.offset).map((c) => c.label).slice(0, 3), ['range', 'host', 'bootp']);
  });

  it('completion marks the values the rules would report here, with their message (the check is the advice)', () => {
    const { text, offset } = cursor("<network>\n  <name>x</name>\n  <forward mode='|'/>\n  <ip address='192.0.2.1' prefix='24'/>\n</network>");
    const items = service.complete(service.parse(text), offset);
    const unsafe = Object.fromEntries(items.map((c) => [c.label, c.unsafe ?? '']));
    for (const ok of ['nat', 'route', 'open']) assert.equal(unsafe[ok], '', ok);
    for (const bad of ['bridge', 'private', 'vepa', 'passthrough', 'hostdev']) assert.match(unsafe[bad], new RegExp(`Unsupported <ip> element in network x with forward mode='${bad}'`), bad);
    // Without an <ip>, it is the other way round for the modes that need one.
    const bare = cursor("<network>\n  <name>x</name>\n  <forward mode='|'/>\n</network>");
    const bareUnsafe = Object.fromEntries(service.complete(service.parse(bare.text), bare.offset).map((c) => [c.label, c.unsafe ?? '']));
    assert.match(bareUnsafe.route, /route forwarding requested, but no IP address provided/);
    assert.equal(bareUnsafe.bridge, '');
    // Hover on a value says the same.
    const hoverText = text.replace("mode=''", "mode='vepa'");
    assert.match(service.hover(service.parse(hoverText), hoverText.indexOf("vepa'") + 1)!.contents, /Reported here:[\s\S]*Unsupported <ip> element/);
  });

  it('every element and attribute of libvirt\'s network test inputs has a hover', () => {
    let total = 0;
    const missing = new Set<string>();
    for (const f of corpusFiles) {
      const text = fs.readFileSync(path.join(corpus, f), 'utf8');
      const doc = service.parse(text);
      for (const el of doc.xml!.elements) {
        // Application metadata (other namespaces) is not libvirt's.
        if (el.name !== 'metadata' && [...ancestors(el)].includes('metadata')) continue;
        total++;
        if (!service.hover(doc, el.nameSpan.start + 1)) missing.add(`<${el.parent?.name ?? ''}/${el.name}>`);
        for (const a of el.attrs) {
          if (a.name.startsWith('xmlns')) continue;
          total++;
          if (!service.hover(doc, a.nameSpan.start + 1)) missing.add(`<${el.name} ${a.name}>`);
        }
      }
    }
    assert.ok(total > 1000, `${total} elements and attributes`);
    assert.deepEqual([...missing], []);
  });

  it('every element network.rng and networkcommon.rng define has facts', () => {
    const dir = schemaDir('10.7.0');
    if (!fs.existsSync(path.join(dir, 'network.rng'))) return;
    const names = new Set<string>();
    for (const f of ['network.rng', 'networkcommon.rng']) for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/<element name="([\w:-]+)"/g)) names.add(m[1]);
    // A facts key names the element last: `parent/name`, `name`, or `parent/prefix:name` (dnsmasq options).
    const keys = Object.keys(networkFacts);
    const missing = [...names].filter((n) => !keys.some((k) => k === n || k.endsWith(`/${n}`) || k.endsWith(`:${n}`)));
    assert.ok(names.size > 35, `${names.size} element names`);
    assert.deepEqual(missing, []);
  });
});

describe('network addresses as libvirt reads them', () => {
  it('parses IPv4 and IPv6 (compressed, embedded IPv4) and rejects the rest', () => {
    assert.equal(parseIp('192.0.2.1')?.value, 0xc0000201n);
    assert.equal(parseIp('2001:db8::1')?.value, (0x20010db8n << 96n) | 1n);
    assert.equal(parseIp('::ffff:192.0.2.1')?.value, (0xffffn << 32n) | 0xc0000201n);
    assert.equal(parseIp('::')?.value, 0n);
    for (const bad of ['192.0.2', '192.0.2.256', '1::2::3', 'fe80::1::', 'x', '', '01.2.3.4.5']) assert.equal(parseIp(bad), undefined, bad);
  });

  it('prefixes: written, from the netmask, or the address class', () => {
    assert.equal(effectivePrefix(parseIp('127.0.0.1')!, undefined, undefined), 8);
    assert.equal(effectivePrefix(parseIp('169.254.0.1')!, undefined, undefined), 16);
    assert.equal(effectivePrefix(parseIp('192.0.2.1')!, undefined, undefined), 24);
    assert.equal(effectivePrefix(parseIp('224.0.0.1')!, undefined, undefined), undefined);
    assert.equal(effectivePrefix(parseIp('2001:db8::1')!, undefined, undefined), 64);
    assert.equal(effectivePrefix(parseIp('192.0.2.1')!, parseIp('255.255.254.0'), undefined), 23);
    assert.equal(netmaskPrefix(parseIp('255.0.255.0')!), undefined);
    assert.ok(inSubnet(parseIp('192.0.2.200')!, parseIp('192.0.2.1')!, 24));
    assert.ok(!inSubnet(parseIp('192.0.3.1')!, parseIp('192.0.2.1')!, 24));
  });
});

function* ancestors(el: { parent: { name: string; parent: unknown } | null }): Generator<string> {
  for (let p = el.parent as { name: string; parent: unknown } | null; p; p = p.parent as typeof p) yield p.name;
}
