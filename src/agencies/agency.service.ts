import type { Types } from 'mongoose';
import { audit } from '../audit/audit.service.js';
import type { Actor, AnyActor } from '../http/actor.js';
import { Conflict, Forbidden, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { pageByIdAsc, type Page } from '../http/paging.js';
import agencyData from './agencies.data.json' with { type: 'json' };
import { AgencyModel, REVIEWING_AGENCY_CODE, officialFormalName, type Agency, type AgencyKind } from './agency.model.js';
import type { AgencyCreateInput, AgencyRenameInput } from './agency.schema.js';

interface AgencyRecord {
  code: string;
  name_vi: string;
  name_en: string;
  kind: string;
  subkind?: string;
  doc_symbol?: string;
  official_code?: string;
}

/**
 * Inserts the official agencies that are missing; never overwrites a name an
 * admin has changed. Safe to run at every start.
 */
export async function seedAgencies(): Promise<number> {
  const records = agencyData as AgencyRecord[];
  const ops = records.map((a, i) => ({
    updateOne: {
      filter: { code: a.code },
      update: {
        $setOnInsert: {
          code: a.code,
          nameVi: a.name_vi,
          nameEn: a.name_en,
          formalNameVi: officialFormalName(a.kind, a.name_vi),
          kind: (a.code === REVIEWING_AGENCY_CODE ? 'moj' : a.kind) as AgencyKind,
          subkind: a.subkind,
          docSymbol: a.doc_symbol,
          officialCode: a.official_code,
          active: true,
          order: i + 1,
        },
      },
      upsert: true,
    },
  }));
  const result = await AgencyModel.bulkWrite(ops, { ordered: false });
  // Agencies seeded before formal names were kept get theirs once; an admin's edit stays.
  await AgencyModel.bulkWrite(
    records.map((a) => ({
      updateOne: { filter: { code: a.code, formalNameVi: { $exists: false } }, update: { $set: { formalNameVi: officialFormalName(a.kind, a.name_vi) } } },
    })),
    { ordered: false },
  );
  // Early installations stored a working note in one English name; nobody should read it.
  for (const a of await AgencyModel.find({ nameEn: / \(English name unverified\)$/ }, { nameEn: 1 }).lean()) {
    await AgencyModel.updateOne({ _id: a._id, nameEn: a.nameEn }, { $set: { nameEn: a.nameEn.replace(/ \(English name unverified\)$/, '') } });
  }
  return result.upsertedCount;
}

export async function reviewingAgency(): Promise<Agency> {
  const moj = await AgencyModel.findOne({ code: REVIEWING_AGENCY_CODE }).lean<Agency>();
  if (!moj) throw new NotFound('agencies.errors.moj_missing');
  return moj;
}

/** Every agency, for the API (`{items, next}`) — any authenticated caller. */
export function pageAgencies(paging: { limit: number; cursor?: string }): Promise<Page<Agency>> {
  return pageByIdAsc(AgencyModel, {}, paging);
}

/** The names of the given agencies, in the official order, for messages that list them. */
export async function agencyNames(ids: readonly Types.ObjectId[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await AgencyModel.find({ _id: { $in: ids } }, { nameVi: 1 }).sort({ order: 1 }).lean<Agency[]>()).map((a) => a.nameVi);
}

export interface AgencyFilter {
  q?: string;
  kind?: string;
  status?: string;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function listAgencies(filter: AgencyFilter): Promise<Agency[]> {
  const q: Record<string, unknown> = {};
  if (filter.kind) q.kind = filter.kind;
  if (filter.status === 'active') q.active = true;
  if (filter.status === 'inactive') q.active = false;
  if (filter.q) {
    const re = new RegExp(escapeRegex(filter.q), 'i');
    q.$or = [{ nameVi: re }, { nameEn: re }, { code: re }];
  }
  return AgencyModel.find(q).sort({ order: 1, _id: 1 }).lean<Agency[]>();
}

export async function getAgency(id: string | Types.ObjectId): Promise<Agency> {
  const agency = await AgencyModel.findById(toObjectId(id)).lean<Agency>();
  if (!agency) throw new NotFound();
  return agency;
}

export async function createAgency(actor: AnyActor, input: AgencyCreateInput): Promise<Agency> {
  if (await AgencyModel.exists({ code: input.code })) {
    throw new Conflict('agencies.errors.code_taken', { details: [{ field: 'code', message: 'agencies.errors.code_taken' }] });
  }
  const last = await AgencyModel.findOne({}, { order: 1 }).sort({ order: -1 }).lean();
  const doc = await AgencyModel.create({ ...input, active: true, order: (last?.order ?? 0) + 1 });
  await audit(actor, 'agency.create', { type: 'agency', id: doc._id, label: doc.code }, { ...input });
  return doc.toObject();
}

export async function renameAgency(actor: Actor, id: string, input: AgencyRenameInput): Promise<Agency> {
  const before = await getAgency(id);
  // An emptied formal name is removed: reports then use the name.
  const { formalNameVi, ...names } = input;
  const update = formalNameVi ? { $set: { ...names, formalNameVi } } : { $set: names, $unset: { formalNameVi: 1 } };
  await AgencyModel.updateOne({ _id: before._id }, update);
  await audit(actor, 'agency.rename', { type: 'agency', id: before._id, label: before.code }, {
    from: { nameVi: before.nameVi, nameEn: before.nameEn, formalNameVi: before.formalNameVi ?? '' },
    to: { ...names, formalNameVi: formalNameVi ?? '' },
  });
  const after: Agency = { ...before, ...names };
  if (formalNameVi) after.formalNameVi = formalNameVi;
  else delete after.formalNameVi;
  return after;
}

export async function setAgencyActive(actor: Actor, id: string, active: boolean): Promise<Agency> {
  const agency = await getAgency(id);
  if (!active && agency.code === REVIEWING_AGENCY_CODE) throw new Forbidden('agencies.errors.moj_required');
  if (agency.active === active) return agency;
  await AgencyModel.updateOne({ _id: agency._id }, { $set: { active } });
  await audit(actor, active ? 'agency.activate' : 'agency.deactivate', { type: 'agency', id: agency._id, label: agency.code });
  return { ...agency, active };
}

/** The leader's address for escalations; audited old → new. */
export async function setLeaderEmail(actor: Actor, id: string, leaderEmail: string): Promise<Agency> {
  const before = await getAgency(id);
  if ((before.leaderEmail ?? '') === leaderEmail) return before;
  await AgencyModel.updateOne({ _id: before._id }, leaderEmail ? { $set: { leaderEmail } } : { $unset: { leaderEmail: 1 } });
  await audit(actor, 'agency.leader_email', { type: 'agency', id: before._id, label: before.code }, { from: before.leaderEmail ?? '', to: leaderEmail });
  const after: Agency = { ...before, leaderEmail };
  if (!leaderEmail) delete after.leaderEmail;
  return after;
}
