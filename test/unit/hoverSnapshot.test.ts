import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { allFacts, type AttrFact } from '../../server/src/service/kinds/domain/facts/index';
import { hoverXml } from '../support/domainTarget';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { fixturesDir } from '../support/fixtures';

// The hover text of every fact (element, attribute, enumerated value) against a reviewed copy,
// so that a change to the fact tables or to the hover wording shows up as a diff.
// After an intended change: UPDATE_HOVER_SNAPSHOT=1 node --test out/test/unit/hoverSnapshot.test.js
const snapshotFile = path.join(fixturesDir, 'hover', 'facts.snapshot.md');

/** One probe: a small document with the element under its parent, and where to hover. */
interface Probe {
  title: string;
  text: string;
  offset: number;
}

const quote = (v: string): string => v.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;');

function probesFor(key: string): Probe[] {
  const slash = key.indexOf('/');
  const parent = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const fact = allFacts[key];
  const doc = (attrs: [string, string][]): { text: string; at: number } => {
    const open = parent ? `<${parent}>` : '';
    const tag = `<${name}${attrs.map(([a, v]) => ` ${a}='${quote(v)}'`).join('')}/>`;
    return { text: `${open}${tag}${parent ? `</${parent}>` : ''}`, at: open.length };
  };
  const out: Probe[] = [];
  const el = doc([]);
  out.push({ title: `<${key}>`, text: el.text, offset: el.at + 1 });
  for (const [attr, af] of Object.entries(fact.attrs ?? {})) {
    for (const [siblings, values] of valueSets(af)) {
      const first = values[0] ?? 'x';
      const named = doc([...siblings, [attr, first]]);
      const where = siblings.map(([a, v]) => ` ${a}='${v}'`).join('');
      out.push({ title: `<${key}${where}> @${attr}`, text: named.text, offset: named.text.indexOf(` ${attr}='`, named.at) + 1 });
      for (const v of values) {
        const d = doc([...siblings, [attr, v]]);
        out.push({ title: `<${key}${where}> @${attr}='${v}'`, text: d.text, offset: d.text.indexOf(` ${attr}='`, d.at) + attr.length + 3 });
      }
    }
  }
  return out;
}

/** The attribute's value lists, with the sibling attribute they depend on (controller model by type). */
function valueSets(af: AttrFact): [[string, string][], string[]][] {
  if (af.valuesBy) return Object.entries(af.valuesBy.cases).map(([c, vs]) => [[[af.valuesBy!.attr, c]], vs.map((v) => v.value)]);
  return [[[], (af.values ?? []).map((v) => v.value)]];
}

function render(): string {
  const parts: string[] = [];
  for (const key of Object.keys(allFacts)) {
    for (const p of probesFor(key)) {
      const h = hoverXml(parseXml(p.text), p.offset);
      const body = h ? `span ${h.span.start}-${h.span.end} of ${p.text}\n\n${h.contents}` : `no hover on ${p.text}`;
      parts.push(`## ${p.title}\n\n${body}\n`);
    }
  }
  return parts.join('\n');
}

describe('hover text snapshot', () => {
  it('every fact hovers with the reviewed text', () => {
    const now = render();
    if (process.env.UPDATE_HOVER_SNAPSHOT) {
      fs.mkdirSync(path.dirname(snapshotFile), { recursive: true });
      fs.writeFileSync(snapshotFile, now);
      return;
    }
    assert.ok(fs.existsSync(snapshotFile), `${snapshotFile} is missing: run with UPDATE_HOVER_SNAPSHOT=1 and review it`);
    const want = fs.readFileSync(snapshotFile, 'utf8');
    const sections = (s: string) => new Map(s.split(/\n(?=## )/).map((sec) => [sec.slice(0, sec.indexOf('\n')), sec]));
    const a = sections(want);
    const b = sections(now);
    const changed = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
    assert.deepEqual(changed.slice(0, 20), [], 'hover text changed (run with UPDATE_HOVER_SNAPSHOT=1 if intended, and review the diff)');
    assert.equal(now, want);
  });

  it('the snapshot probes hover on what they name', () => {
    // Every probe yields a hover: a probe that silently hovers nothing would snapshot nothing.
    const silent: string[] = [];
    let n = 0;
    for (const key of Object.keys(allFacts)) {
      for (const p of probesFor(key)) {
        n++;
        if (!hoverXml(parseXml(p.text), p.offset)) silent.push(p.title);
      }
    }
    assert.ok(n > 500, `only ${n} probes`);
    assert.deepEqual(silent, []);
  });
});
