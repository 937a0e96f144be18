// The OASIS STIX 2.1 JSON schemas, read from ../shared/formats/, compiled once with ajv (draft 2020-12).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { sharedFile } from './shared.js';

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

let compiled: { bundle: Validate; byType: Map<string, Validate>; listed: Set<string> } | undefined;

export function stixSchemas() {
  if (compiled) return compiled;
  const root = sharedFile('formats', 'stix2-json-schemas', 'schemas');
  const require = createRequire(import.meta.url);
  const Ajv2020 = require('ajv/dist/2020').default;
  const addFormats = require('ajv-formats').default;
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false, logger: false });
  addFormats(ajv);
  const byFile = new Map<string, string>();
  for (const dir of ['common', 'sdos', 'sros', 'observables']) {
    for (const f of fs.readdirSync(path.join(root, dir))) {
      const schema = JSON.parse(fs.readFileSync(path.join(root, dir, f), 'utf8'));
      ajv.addSchema(schema);
      byFile.set(`${dir}/${f.replace(/\.json$/, '')}`, schema.$id);
    }
  }
  const get = (key: string) => ajv.getSchema(byFile.get(key)!) as unknown as Validate;
  const byType = new Map<string, Validate>();
  for (const [key] of byFile) {
    const [dir, name] = key.split('/') as [string, string];
    if (dir !== 'common' || ['marking-definition', 'extension-definition', 'language-content'].includes(name)) byType.set(name, get(key));
  }
  // bundle.json's list of object schemas (its first oneOf); types it does not list (note, location, grouping, opinion,
  // incident, extension-definition) can never pass its custom-object branch, where a core SDO matches both core.json
  // and cyber-observable-core.json (a known gap of the OASIS schemas): each object is checked with its own schema.
  const bundleSchema = JSON.parse(fs.readFileSync(path.join(root, 'common', 'bundle.json'), 'utf8'));
  const listed = new Set<string>(bundleSchema.properties.objects.items.anyOf[0].oneOf.map((r: { $ref: string }) => r.$ref.split('/').pop()!.replace(/\.json$/, '')));
  compiled = { bundle: get('common/bundle'), byType, listed };
  return compiled;
}

/** Validates a bundle (bundle.json, over the types it lists) and each object against its own type's schema. */
export function validateBundle(bundle: unknown): string[] {
  const { bundle: v, byType, listed } = stixSchemas();
  const errors: string[] = [];
  const b = bundle as { objects: { type: string }[] };
  const checkable = { ...b, objects: b.objects.filter((o) => listed.has(o.type)) };
  if (!v(checkable)) errors.push(`bundle: ${JSON.stringify(v.errors?.slice(0, 3))}`);
  for (const o of (bundle as { objects: { type: string; id: string }[] }).objects) {
    const check = byType.get(o.type);
    if (!check) {
      errors.push(`${o.id}: no OASIS schema for type ${o.type}`);
      continue;
    }
    if (!check(o)) errors.push(`${o.id}: ${JSON.stringify(check.errors?.slice(0, 3))}`);
  }
  return errors;
}
