import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { asQemuType, checkForSave, definedObjectOf, domainNameOf } from '../../server/src/service/libvirt/index';
import { cleanDomain, onlyRules } from '../support/libvirtEnv';

test('asQemuType rewrites only the root type attribute, with a span edit', () => {
  const text = "<domain  type=\"kvm\" id='1'>\n  <name>kvm</name>\n</domain>";
  assert.equal(asQemuType(text), "<domain  type=\"qemu\" id='1'>\n  <name>kvm</name>\n</domain>");
  assert.equal(asQemuType("<domain type='xen'/>"), "<domain type='xen'/>");
  // Not a domain, no type, no XML: returned as is.
  assert.equal(asQemuType("<network type='kvm'/>"), "<network type='kvm'/>");
  assert.equal(asQemuType('<domain><name>x</name></domain>'), '<domain><name>x</name></domain>');
  assert.equal(asQemuType('kvm'), 'kvm');
  assert.equal(asQemuType(''), '');
  // The scanner is tolerant: a broken document's root is still found (libvirt then reports the syntax error).
  assert.equal(asQemuType("<domain type='kvm'><name>x</nam></domain>"), "<domain type='qemu'><name>x</nam></domain>");
});

test('domainNameOf: the <name> of a <domain>, also in a broken document', () => {
  assert.equal(domainNameOf(cleanDomain('web-1')), 'web-1');
  assert.equal(domainNameOf("<domain type='qemu'>\n  <name>half</name>\n  <memory>"), 'half');
  assert.equal(domainNameOf("<domain type='qemu'><memory>1</memory></domain>"), undefined);
  assert.equal(domainNameOf('<network><name>net</name></network>'), undefined);
  assert.equal(domainNameOf('not xml at all'), undefined);
});

test('definedObjectOf: the root and the <name> of a domain, network or pool, whatever kinds the service knows', () => {
  assert.deepEqual(definedObjectOf(cleanDomain('web-1')), { root: 'domain', name: 'web-1' });
  assert.deepEqual(definedObjectOf('<network>\n  <name>lab</name>\n  <bridge'), { root: 'network', name: 'lab' });
  assert.deepEqual(definedObjectOf("<pool type='dir'><name>images</name></pool>"), { root: 'pool', name: 'images' });
  assert.deepEqual(definedObjectOf('<pool><source><name>vg0</name></source></pool>'), { root: 'pool', name: undefined });
  assert.deepEqual(definedObjectOf('<volume><name>v.img</name></volume>'), { root: 'volume', name: undefined });
  assert.deepEqual(definedObjectOf('not xml at all'), { root: undefined, name: undefined });
  const service = new LanguageService();
  const net = checkForSave(service, '<network><name>lab</name></network>', onlyRules());
  assert.deepEqual([net.root, net.name, net.domainName], ['network', 'lab', undefined]);
  assert.equal(checkForSave(service, cleanDomain('d'), onlyRules()).kind, 'domain');
});

test('checkForSave: findings at their configured levels and the name, from one parse', () => {
  const service = new LanguageService();
  const unsafe = cleanDomain('q').replace("cache='none'", "cache='writeback' io='native'");
  const asError = checkForSave(service, unsafe, onlyRules('io-native-requires-direct-cache'));
  assert.equal(asError.domainName, 'q');
  assert.deepEqual(asError.diagnostics.map((d) => [d.ruleId, d.severity]), [['io-native-requires-direct-cache', 'error']]);
  assert.equal(unsafe.slice(asError.diagnostics[0].span.start, asError.diagnostics[0].span.end), "io='native'");
  const asWarning = checkForSave(service, unsafe, { rules: { ...onlyRules('io-native-requires-direct-cache').rules, 'io-native-requires-direct-cache': 'warning' } });
  assert.deepEqual(asWarning.diagnostics.map((d) => d.severity), ['warning']);
  const broken = checkForSave(service, cleanDomain('b').replace('</memory>', '</memry>'), onlyRules());
  assert.deepEqual([broken.domainName, broken.diagnostics.map((d) => [d.ruleId, d.severity])], ['b', [['not-well-formed', 'error']]]);
  // Over maxFileSize nothing is linted, but the name is still read (it decides what define replaces).
  const big = checkForSave(service, cleanDomain('big'), { maxFileSize: 10 });
  assert.equal(big.domainName, 'big');
  assert.deepEqual(big.diagnostics.map((d) => d.ruleId), ['too-large']);
});
