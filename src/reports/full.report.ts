import type { ISectionOptions } from "docx";
import { agencyAppendixContent } from "./agency.appendix.js";
import { consolidatedAppendixContent } from "./consolidated.appendix.js";
import { dispositionTableContent } from "./dispositions.table.js";
import { addresseeLines, headerBlock, outlineParagraphs, reportTitle, signatureBlock } from "./report.blocks.js";
import { appendixSection, reportDocument, type AppendixContent } from "./report.document.js";
import { TableSlots, type DocxReport } from "./report.package.js";
import { pageNumberHeaders, sectionProperties } from "./report.styles.js";
import { nfc, roman } from "./report.text.js";
import type { FullReportInput, OutlineSection, ReportAppendix } from "./report.types.js";

/** One agency's narrative report, section by section of the template outline. */
export interface AgencyNarrative {
  readonly agencyName: string;
  readonly sections: readonly OutlineSection[];
}

const sameHeading = (a: string, b: string): boolean => nfc(a).trim().toLocaleLowerCase("vi") === nfc(b).trim().toLocaleLowerCase("vi");

/**
 * A campaign report's outline: under each heading of the template outline, what each agency
 * wrote for it, headed by the agency's name; agencies that wrote nothing there are left out.
 */
export function mergeNarratives(outline: readonly string[], narratives: readonly AgencyNarrative[]): OutlineSection[] {
  return outline.map((heading) => ({
    heading,
    paragraphs: [],
    subsections: narratives.flatMap((n) => {
      const own = n.sections.find((s) => sameHeading(s.heading, heading));
      return own && own.paragraphs.some((p) => p.trim() !== "") ? [{ heading: n.agencyName, paragraphs: own.paragraphs }] : [];
    }),
  }));
}

export function appendixContentOf(appendix: ReportAppendix): AppendixContent {
  switch (appendix.kind) {
    case "agency":
      return agencyAppendixContent(appendix);
    case "consolidated":
      return consolidatedAppendixContent(appendix);
    case "dispositions":
      return dispositionTableContent(appendix);
  }
}

/**
 * The report (Báo cáo): header block, title, outline sections, signature and "Nơi nhận" on
 * portrait pages, then each appendix in its own section — "Phụ lục I", "Phụ lục II" … when
 * there are two or more (§III.1.b), each numbered from page 1.
 */
export function buildFullReport(input: FullReportInput): DocxReport {
  const slots = new TableSlots();
  const body: ISectionOptions = {
    properties: sectionProperties("portrait"),
    headers: pageNumberHeaders(),
    children: [
      headerBlock(input.issuer),
      ...reportTitle("Báo cáo", input.title),
      ...addresseeLines(input.addressees ?? []),
      ...outlineParagraphs(input.sections),
      signatureBlock(input.signer, input.recipients),
    ],
  };
  const numbered = input.appendices.length > 1;
  const appendices = input.appendices.map((appendix, i) =>
    appendixSection(slots, appendixContentOf(appendix), { numeral: numbered ? roman(i + 1) : undefined, attachedTo: input.issuer }),
  );
  return slots.report(reportDocument(`Báo cáo ${input.title}`, [body, ...appendices]));
}
