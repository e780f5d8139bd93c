import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Types } from 'mongoose';
import { audit } from '../audit/audit.service.js';
import { ReviewTemplateModel } from './template.model.js';
import { validateTemplateSpec } from './template.validate.js';

const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

export interface BuiltinTemplateFile {
  builtinCode: string;
  file: string;
  raw: unknown;
}

/** Every templates/*.json that declares a builtinCode. */
export function readBuiltinTemplates(dir = TEMPLATES_DIR): BuiltinTemplateFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const raw = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { builtinCode?: unknown };
      return { builtinCode: typeof raw.builtinCode === 'string' ? raw.builtinCode : '', file: f, raw };
    })
    .filter((t) => t.builtinCode);
}

/**
 * Installs the built-in templates that were never installed, published as version 1, so a
 * new installation can open a campaign at once. Idempotent and safe on several instances
 * starting together: the upsert only inserts, and an admin's later edits, new versions or
 * archiving of a built-in template are never undone. Returns the codes it inserted.
 */
export async function installBuiltinTemplates(opts: { dir?: string; log?: (line: string) => void } = {}): Promise<string[]> {
  const inserted: string[] = [];
  for (const t of readBuiltinTemplates(opts.dir)) {
    const res = validateTemplateSpec(t.raw);
    if (!res.ok) throw new Error(`templates/${t.file} is not a valid review template: ${JSON.stringify(res.errors)}`);
    // As for any template, v1's _id names the family of its versions.
    const family = new Types.ObjectId();
    const now = new Date();
    const result = await ReviewTemplateModel.updateOne(
      { builtinCode: t.builtinCode, version: 1 },
      {
        $setOnInsert: {
          _id: family, family, version: 1, status: 'published', rev: 1, builtinCode: t.builtinCode, ...res.spec, publishedAt: now,
        },
      },
      { upsert: true },
    );
    if (result.upsertedCount > 0 && result.upsertedId) {
      const _id = result.upsertedId;
      inserted.push(t.builtinCode);
      await audit({ system: true, label: 'first-start' }, 'template.install', { type: 'template', id: _id, label: `${res.spec.title} (v1)` }, { builtinCode: t.builtinCode });
      opts.log?.(`Installed built-in review template "${res.spec.title}"`);
    }
  }
  return inserted;
}
