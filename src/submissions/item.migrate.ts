import type { Types } from 'mongoose';
import { CampaignModel } from '../campaigns/campaign.model.js';
import { ReviewTemplateModel } from '../review-templates/template.model.js';
import { recountCampaign, recountSubmission } from './item.counts.js';
import { SubmissionItemModel } from './item.model.js';
import { makeItem, type ItemTemplate } from './item.service.js';
import { SubmissionModel } from './submission.model.js';

/**
 * Data written before rows had their own collection keeps them in `submissions.items`.
 * At start-up each such submission's rows are copied out with their ids (comment anchors
 * and dispositions name rows by id), its counts set, and only then the array removed.
 * Copies are upserts by id, so a run cut off half-way is simply run again.
 */
interface OldItem {
  _id: Types.ObjectId;
  values?: Record<string, unknown>;
  createdAt?: Date;
  updatedAt?: Date;
}

interface OldSubmission {
  _id: Types.ObjectId;
  campaign: Types.ObjectId;
  agency: Types.ObjectId;
  items: OldItem[] | null;
}

export async function migrateSubmissionItems(log: (line: string) => void = () => {}): Promise<{ submissions: number; rows: number }> {
  const templates = new Map<string, ItemTemplate | null>();
  const templateOf = async (campaignId: Types.ObjectId): Promise<ItemTemplate | null> => {
    const key = campaignId.toString();
    if (!templates.has(key)) {
      const c = await CampaignModel.findById(campaignId, { template: 1 }).lean();
      const t = c ? await ReviewTemplateModel.findById(c.template, { fields: 1, documentField: 1, recommendationField: 1 }).lean<ItemTemplate>() : null;
      templates.set(key, t);
    }
    return templates.get(key)!;
  };
  const campaigns = new Map<string, Types.ObjectId>();
  let submissions = 0;
  let rows = 0;
  const cursor = SubmissionModel.collection.find<OldSubmission>({ items: { $exists: true } }, { projection: { campaign: 1, agency: 1, items: 1 } });
  for await (const s of cursor) {
    const t = (await templateOf(s.campaign)) ?? { fields: [] };
    const docs = (s.items ?? []).map((it, i) => ({ ...makeItem(s, t, it.values ?? {}, i, it._id, it.createdAt), ...(it.updatedAt ? { updatedAt: it.updatedAt } : {}) }));
    for (let i = 0; i < docs.length; i += 500) {
      await SubmissionItemModel.collection.bulkWrite(docs.slice(i, i + 500).map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })), { ordered: false });
    }
    await recountSubmission(s._id);
    await SubmissionModel.collection.updateOne({ _id: s._id }, { $unset: { items: '' } });
    campaigns.set(s.campaign.toString(), s.campaign);
    submissions++;
    rows += docs.length;
  }
  // Campaigns from before the per-status counts, and those whose submissions just moved.
  for (const c of await CampaignModel.find({ statusCounts: { $exists: false } }, { _id: 1 }).lean()) campaigns.set(c._id.toString(), c._id);
  for (const id of campaigns.values()) await recountCampaign(id);
  if (submissions) log(`Moved ${rows} rows of ${submissions} submissions into their own collection`);
  return { submissions, rows };
}
