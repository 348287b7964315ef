// Reads `go test -bench` output (argv[2]) and schema-peers.js output
// (argv[3]), both possibly from several rounds, and prints spinecat's full
// check against each peer, per fixture, as medians and ratios
// (peer time / spinecat time: above 1 means spinecat is faster).
'use strict';
const fs = require('fs');
const [goFile, nodeFile] = process.argv.slice(2);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const go = {};
for (const line of fs.readFileSync(goFile, 'utf8').split('\n')) {
  const m = line.match(/^Benchmark(\S+?)-\d+\s+\d+\s+([\d.]+) ns\/op/);
  if (m) (go[m[1]] = go[m[1]] || []).push(Number(m[2]));
}
const node = {};
for (const line of fs.readFileSync(nodeFile, 'utf8').split('\n')) {
  if (!line.startsWith('{')) continue;
  const r = JSON.parse(line);
  const k = `${r.peer}/${r.fixture}`;
  (node[k] = node[k] || { pv: [], v: [], setup: [] });
  node[k].pv.push(r.parse_validate_ns); node[k].v.push(r.validate_ns); node[k].setup.push(r.setup_ms);
}
const g = (name) => (go[name] ? median(go[name]) : NaN);
const fixtures = [...new Set(Object.keys(go).filter((k) => k.startsWith('Check/')).map((k) => k.split('/')[1]))];
const fmt = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(2)) : 'n/a');
const rows = [];
for (const f of fixtures) {
  const ours = g(`Check/${f}/spinecat`);
  const add = (peer, ns, target) => rows.push({ fixture: f, peer, ns, ratio: ns / ours, target });
  rows.push({ fixture: f, peer: 'spinecat full check (all five layers)', ns: ours, ratio: 1, target: '' });
  const a = node[`ajv8-oo/${f}`];
  if (a) add('ajv 8 parse+validate (schema only, #/definitions/OperationOutcome)', median(a.pv), '>= 0.3');
  if (a) add('ajv 8 validate of a parsed object', median(a.v), '');
  const s = node[`asymmetrik-root/${f}`];
  if (s) add('@asymmetrik/fhir-json-schema-validator (ajv 6, whole schema)', median(s.pv), '');
  add('jsonschema/v5 decode+validate (official R4, #/definitions/OperationOutcome)', g(`Check/${f}/jsonschema-v5-official`), '>= 3');
  add('encoding/json decode into any', g(`Check/${f}/encoding-json-any`), '');
  add('spinecat schema layer alone (fhirschema.ValidateJSON: scan + schema walk)', g(`Check/${f}/spinecat-schema-only`), '');
}
console.log('full check against each peer (median ns/op; ratio = peer / spinecat, above 1: spinecat faster)\n');
console.log('| fixture | peer | ns/op | ratio | target |');
console.log('|---|---|---:|---:|---|');
for (const r of rows) console.log(`| ${r.fixture} | ${r.peer} | ${fmt(r.ns)} | ${fmt(r.ratio)} | ${r.target} |`);
const pi = (f) => g(`ParseIdentify/${f}/spinecat`) / g(`ParseIdentify/${f}/encoding-json`);
console.log('\nparse + identify / encoding/json unmarshal into the struct (target <= 1.5):');
for (const f of fixtures) console.log(`  ${f}: ${fmt(pi(f))}`);
const em = g('Emit/encoding-json/Marshal') / g('Emit/spinecat/WriteJSON');
console.log(`\nemit: encoding/json Marshal / spinecat WriteJSON (target >= 2): ${fmt(em)}`);
for (const k of Object.keys(node).filter((k) => k.endsWith(fixtures[0]))) console.log(`setup ${k.split('/')[0]}: ${fmt(median(node[k].setup))} ms`);
