import mongoose, { Schema, type Types } from 'mongoose';

/** Signing on behalf (Decree 30 §II.7): ký thay, thừa lệnh, quyền, thay mặt, thừa ủy quyền; '' when the head signs. */
export const SIGNING_AUTHORITIES = ['', 'KT.', 'TL.', 'Q.', 'TM.', 'TUQ.'] as const;
export type SigningAuthority = (typeof SIGNING_AUTHORITIES)[number];

/** The MoJ's own text for one heading of the template outline. */
export interface SectionText {
  /** The outline section's key, or its position when the template gives none. */
  key: string;
  text: string;
}

/** The MoJ's report on a campaign: its synthesis per outline heading and the document's registration and signature. */
export interface CampaignReport {
  _id: Types.ObjectId;
  campaign: Types.ObjectId;
  sections: SectionText[];
  /** Số; empty until the document is registered. */
  number: string;
  /** Ký hiệu, e.g. "BC-BTP". */
  symbol: string;
  date?: Date;
  /** Kính gửi, one addressee per entry. */
  addressees: string[];
  authority: SigningAuthority;
  /** The head's title signed for, e.g. "Bộ trưởng" in "KT. BỘ TRƯỞNG". */
  headTitle: string;
  /** The signer's own title, e.g. "Thứ trưởng". */
  signerTitle: string;
  signerName: string;
  /** Nơi nhận, one per entry, without dash or semicolon. */
  recipients: string[];
  /** After "Lưu: ", e.g. "VT, KTrVB". */
  archive: string;
  version: number;
  updatedBy?: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<CampaignReport>(
  {
    campaign: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    sections: { type: [{ _id: false, key: String, text: String }], default: [] },
    number: { type: String, default: '' },
    symbol: { type: String, default: 'BC-BTP' },
    date: { type: Date },
    addressees: { type: [String], default: [] },
    authority: { type: String, enum: SIGNING_AUTHORITIES, default: '' },
    headTitle: { type: String, default: '' },
    signerTitle: { type: String, default: '' },
    signerName: { type: String, default: '' },
    recipients: { type: [String], default: [] },
    archive: { type: String, default: 'VT, KTrVB' },
    version: { type: Number, required: true, default: 1 },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true, collection: 'campaignreports' },
);
schema.index({ campaign: 1 }, { unique: true });

export const CampaignReportModel = mongoose.model<CampaignReport>('CampaignReport', schema);
