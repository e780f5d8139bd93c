import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Types } from 'mongoose';
import { audit } from '../audit/audit.service.js';
import { ReviewTemplateModel } from './template.model.js';
import type { TemplateSpec } from './template.schema.js';
import { validateTemplateSpec } from './template.validate.js';

const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

export interface BuiltinTemplateFile {
  builtinCode: string;
  /** bumped in the file when its wording (description, legal note, field help) is corrected */
  textRev: number;
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
      const raw = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { builtinCode?: unknown; textRev?: unknown };
      const textRev = typeof raw.textRev === 'number' ? raw.textRev : 1;
      return { builtinCode: typeof raw.builtinCode === 'string' ? raw.builtinCode : '', textRev, file: f, raw };
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
          _id: family, family, version: 1, status: 'published', rev: 1, builtinCode: t.builtinCode, builtinTextRev: t.textRev, ...res.spec, publishedAt: now,
        },
      },
      { upsert: true },
    );
    if (result.upsertedCount > 0 && result.upsertedId) {
      const _id = result.upsertedId;
      inserted.push(t.builtinCode);
      await audit({ system: true, label: 'first-start' }, 'template.install', { type: 'template', id: _id, label: `${res.spec.title} (v1)` }, { builtinCode: t.builtinCode });
      opts.log?.(`Installed built-in review template "${res.spec.title}"`);
    } else if (await refreshBuiltinWording(t.builtinCode, t.textRev, res.spec)) {
      opts.log?.(`Corrected the wording of built-in review template "${res.spec.title}" (v1)`);
    }
  }
  return inserted;
}

/**
 * An installation made before the file's wording was corrected gets the new description,
 * legal note and field help on its built-in version 1 — wording only: keys, types, options,
 * required flags and appendix columns stay as installed, so the campaigns pinned to v1 and
 * the rows already filled keep their meaning. Versions an admin made (v2…) are theirs and
 * are not touched. Guarded by the stored text revision, so it runs once even when several
 * instances start together.
 */
async function refreshBuiltinWording(builtinCode: string, textRev: number, spec: TemplateSpec): Promise<boolean> {
  const stored = await ReviewTemplateModel.findOne({ builtinCode, version: 1 }).lean();
  if (!stored || (stored.builtinTextRev ?? 1) >= textRev) return false;
  const help = new Map(spec.fields.map((f) => [f.key, f.help ?? '']));
  const fields = stored.fields.map((f) => (help.has(f.key) ? { ...f, help: help.get(f.key) } : f));
  const result = await ReviewTemplateModel.updateOne(
    { _id: stored._id, builtinTextRev: stored.builtinTextRev ?? { $exists: false } },
    { $set: { description: spec.description, legalNote: spec.legalNote, fields, builtinTextRev: textRev } },
  );
  if (result.modifiedCount !== 1) return false;
  await audit({ system: true, label: 'first-start' }, 'template.builtin_wording', { type: 'template', id: stored._id, label: `${stored.title} (v1)` }, { builtinCode, textRev });
  return true;
}
