// Input shapes of the report builders: plain data, already read and authorised by the
// service layer. Builders never touch the database or HTTP.

import type { ColumnKind } from "./table.model.js";

export type Orientation = "portrait" | "landscape";

export interface AppendixColumn {
  /** Field key in `ReportItem.values`. */
  readonly key: string;
  /** The header label; may be a short form of the field's wording, given in full in `note`. */
  readonly label: string;
  /** What the field holds (dates, numbers/symbols, choices, text): sets the column's minimum width. */
  readonly kind?: ColumnKind;
  /** Written under the table, e.g. the full wording of a short header label. */
  readonly note?: string;
}

/** The template's `appendix` (phụ lục): title, orientation and ordered columns. */
export interface AppendixSpec {
  readonly title: string;
  readonly orientation: Orientation;
  readonly columns: readonly AppendixColumn[];
}

export type CellValue = string | number | Date | null;

/** One proposal row (dòng) of a submission; `values` hold display values (enum labels, not codes). */
export interface ReportItem {
  readonly id: string;
  readonly agencyName: string;
  readonly values: Readonly<Record<string, CellValue | undefined>>;
  /** Normalized key of the legal document the row concerns; rows sharing it form one group. */
  readonly docKey?: string;
  /** Full citation shown as the group heading, e.g. "Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ …". */
  readonly docCitation?: string;
  /** Position in the legal hierarchy: lower ranks first (Luật before Nghị định before Thông tư). */
  readonly docRank?: number;
  readonly docNumber?: number;
  readonly docYear?: number;
  /** Recommendation code (see `RecommendationType`), used for totals. */
  readonly recommendation?: string;
  /** Label of the row's value in the template's grouping field, when it groups by one. */
  readonly group?: string;
}

/** Kiến nghị xử lý: code → Vietnamese label; the list order is the order of the totals. */
export interface RecommendationType {
  readonly code: string;
  readonly label: string;
}

export interface CommentReply {
  readonly author: string;
  readonly initials?: string;
  readonly date: Date;
  readonly text: string;
}

export interface ReportComment {
  readonly id: string;
  /** The row the comment is about; comments without one are general comments on the submission. */
  readonly itemId?: string;
  readonly author: string;
  readonly initials?: string;
  readonly date: Date;
  readonly text: string;
  readonly resolved?: boolean;
  readonly replies?: readonly CommentReply[];
}

export type DispositionStatus = "accepted" | "partly_accepted" | "not_accepted";

/** Tiếp thu – giải trình of one row. */
export interface Disposition {
  readonly itemId: string;
  readonly status: DispositionStatus;
  readonly explanation: string;
}

/** The issuing agency of a report and its registration (số, ký hiệu; địa danh, ngày). */
export interface IssuingAgency {
  /** Tên cơ quan chủ quản trực tiếp, if any (e.g. "BỘ TƯ PHÁP" above a department). */
  readonly parentAgency?: string;
  readonly agencyName: string;
  /** Registration number; null while the document is not yet registered (left blank to be filled in). */
  readonly number: number | null;
  /** Ký hiệu, e.g. "BC-BTP" or "BTP-KTrVB". */
  readonly symbol: string;
  /** Địa danh, e.g. "Hà Nội". */
  readonly place: string;
  readonly date: Date | null;
}

/** A section of the report outline (đề cương) with its narrative text. */
export interface OutlineSection {
  /** e.g. "I. KẾT QUẢ RÀ SOÁT"; written as given, in bold. */
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly subsections?: readonly OutlineSection[];
}

export interface Signer {
  /** Authority prefix line, e.g. "KT. BỘ TRƯỞNG"; omitted when the head signs. */
  readonly authority?: string;
  /** e.g. "THỨ TRƯỞNG". */
  readonly position: string;
  readonly fullName: string;
}

export interface Recipients {
  /** One recipient a line, without the leading dash or trailing semicolon. */
  readonly list: readonly string[];
  /** The archive line's units after "Lưu: ", e.g. "VT, KTrVB". */
  readonly archive: string;
}

export interface AgencyAppendixInput {
  readonly spec: AppendixSpec;
  readonly agencyName: string;
  readonly items: readonly ReportItem[];
  /** The document this appendix is attached to; absent → the "(Kèm theo …)" line is left with blanks. */
  readonly attachedTo?: IssuingAgency;
  /** "Phụ lục" label's numeral, e.g. "I"; absent → plain "Phụ lục". */
  readonly numeral?: string;
}

export interface ConsolidatedAppendixInput {
  readonly spec: AppendixSpec;
  readonly items: readonly ReportItem[];
  /** Empty: the template has no recommendation field, and the totals table is left out. */
  readonly recommendationTypes: readonly RecommendationType[];
  /** Heading of the totals' first column; "Kiến nghị xử lý" when absent. */
  readonly recommendationLabel?: string;
  /**
   * `document` (the default): one group per legal document; `field`: one group per value of the
   * template's grouping field, in `groupOrder`; `none`: rows in their order, no groups.
   */
  readonly grouping?: "document" | "field" | "none";
  readonly groupOrder?: readonly string[];
  readonly attachedTo?: IssuingAgency;
  readonly numeral?: string;
}

export interface SubmissionCommentsInput extends AgencyAppendixInput {
  readonly comments: readonly ReportComment[];
}

export interface DispositionTableInput {
  readonly spec: AppendixSpec;
  readonly agencyName: string;
  readonly items: readonly ReportItem[];
  readonly comments: readonly ReportComment[];
  readonly dispositions: readonly Disposition[];
  readonly attachedTo?: IssuingAgency;
  readonly numeral?: string;
}

export type ReportAppendix =
  | ({ readonly kind: "agency" } & Omit<AgencyAppendixInput, "attachedTo" | "numeral">)
  | ({ readonly kind: "consolidated" } & Omit<ConsolidatedAppendixInput, "attachedTo" | "numeral">)
  | ({ readonly kind: "dispositions" } & Omit<DispositionTableInput, "attachedTo" | "numeral">);

export interface FullReportInput {
  readonly issuer: IssuingAgency;
  /** Trích yếu after "BÁO CÁO", e.g. "Kết quả rà soát văn bản quy phạm pháp luật …". */
  readonly title: string;
  /** Kính gửi recipients; empty → no "Kính gửi" line. */
  readonly addressees?: readonly string[];
  readonly sections: readonly OutlineSection[];
  /** Numbered Phụ lục I, II, … in this order, each in its own section. */
  readonly appendices: readonly ReportAppendix[];
  readonly signer: Signer;
  readonly recipients: Recipients;
}
