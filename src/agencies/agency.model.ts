import mongoose, { Schema, type Types } from 'mongoose';
import { clearOnWrite, ReadCache } from '../db/read-cache.js';

export const AGENCY_KINDS = ['ministry', 'gov-agency', 'province', 'moj'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** The Ministry of Justice runs the reviews; admins and reviewers belong to it. */
export const REVIEWING_AGENCY_CODE = 'bo-tu-phap';

export interface Agency {
  _id: Types.ObjectId;
  code: string;
  nameVi: string;
  nameEn: string;
  /**
   * The name as reports write it where the agency issues or receives a document: a province
   * acts through its People's Committee ("Ủy ban nhân dân Thành phố Hà Nội").
   */
  formalNameVi?: string;
  kind: AgencyKind;
  /** where an agency overdue with its report is escalated (the leader or the leader's office) */
  leaderEmail?: string;
  subkind?: string;
  docSymbol?: string;
  officialCode?: string;
  active: boolean;
  /** position in the official list, so lists read in the order people expect */
  order: number;
  createdAt: Date;
  updatedAt: Date;
}

const agencySchema = new Schema<Agency>(
  {
    code: { type: String, required: true, unique: true, lowercase: true, trim: true },
    nameVi: { type: String, required: true, trim: true },
    nameEn: { type: String, required: true, trim: true },
    formalNameVi: { type: String, trim: true },
    kind: { type: String, enum: AGENCY_KINDS, required: true },
    leaderEmail: { type: String, lowercase: true, trim: true },
    subkind: { type: String },
    docSymbol: { type: String },
    officialCode: { type: String },
    active: { type: Boolean, default: true },
    order: { type: Number, default: 1000 },
  },
  { timestamps: true },
);
agencySchema.index({ order: 1, _id: 1 });

/** The agency's name in reports: its formal name, or its name where none is set. */
export const formalName = (a: Pick<Agency, 'nameVi' | 'formalNameVi'>): string => a.formalNameVi || a.nameVi;

/**
 * The formal name the law writes for an agency of the official list: a province's People's
 * Committee ("Ủy ban nhân dân tỉnh Lâm Đồng", "Ủy ban nhân dân Thành phố Hà Nội" — the city
 * keeps its capital, as in its own documents); ministries and government agencies by their name.
 */
export function officialFormalName(kind: string, nameVi: string): string {
  if (kind !== 'province') return nameVi;
  const local = nameVi.startsWith('Tỉnh ') ? `tỉnh ${nameVi.slice(5)}` : nameVi;
  return `Ủy ban nhân dân ${local}`;
}

/**
 * Every agency by id, read again after a few seconds: the session's lookup, every progress
 * and queue line read it, and the list holds some sixty agencies that admins seldom change.
 */
const directory = new ReadCache<'all', Map<string, Agency>>(
  async () => new Map((await AgencyModel.find().lean<Agency[]>()).map((a) => [a._id.toString(), a])),
  10_000,
);
clearOnWrite(agencySchema, directory);

export const AgencyModel = mongoose.model<Agency>('Agency', agencySchema);

/**
 * Agencies by id, from the directory (read-only objects), in the order asked, unknown ids left
 * out. An id the directory lacks (an agency another instance has just added) reads it again.
 */
export async function agenciesById(ids: readonly (Types.ObjectId | string)[]): Promise<Agency[]> {
  let all = await directory.get('all');
  if (ids.some((id) => !all.has(String(id)))) {
    directory.clear();
    all = await directory.get('all');
  }
  return ids.flatMap((id) => all.get(String(id)) ?? []);
}

/** The active agencies in the official order (the order of the lists the MoJ publishes), for lists and select boxes. */
export async function activeAgencies(): Promise<Agency[]> {
  const all = [...(await directory.get('all')).values()].filter((a) => a.active);
  const id = (a: Agency) => a._id.toString();
  return all.sort((a, b) => a.order - b.order || (id(a) < id(b) ? -1 : 1));
}

export async function agencyById(id: Types.ObjectId | string): Promise<Agency | undefined> {
  return (await agenciesById([id]))[0];
}
