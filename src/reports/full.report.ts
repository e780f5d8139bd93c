import type { ISectionOptions } from "docx";
import { agencyAppendixContent } from "./agency.appendix.js";
import { consolidatedAppendixContent } from "./consolidated.appendix.js";
import { dispositionTableContent } from "./dispositions.table.js";
import { addresseeLines, bodyParagraph, headerBlock, outlineParagraphs, reportTitle, signatureBlock } from "./report.blocks.js";
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

/**
 * The body's last paragraph: it names each appendix (§III.1.b: the document refers to its
 * appendices) and ends the text with "./.".
 */
export function closingParagraph(appendices: readonly AppendixContent[]): string {
  if (appendices.length === 0) return "Trên đây là báo cáo kết quả rà soát./.";
  const titled = appendices.map((a, i) => `${appendices.length > 1 ? `Phụ lục ${roman(i + 1)}` : "Phụ lục"} (${lowerFirst(nfc(a.title))})`);
  return `Kèm theo Báo cáo này: ${titled.join("; ")}./.`;
}

const lowerFirst = (s: string): string => s.charAt(0).toLocaleLowerCase("vi") + s.slice(1);

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
  const contents = input.appendices.map(appendixContentOf);
  const body: ISectionOptions = {
    properties: sectionProperties("portrait"),
    headers: pageNumberHeaders(),
    children: [
      headerBlock(input.issuer),
      ...reportTitle("Báo cáo", input.title),
      ...addresseeLines(input.addressees ?? []),
      ...outlineParagraphs(input.sections),
      bodyParagraph(closingParagraph(contents)),
      signatureBlock(input.signer, input.recipients),
    ],
  };
  const numbered = input.appendices.length > 1;
  const appendices = contents.map((content, i) =>
    appendixSection(slots, content, { numeral: numbered ? roman(i + 1) : undefined, attachedTo: input.issuer }),
  );
  return slots.report(reportDocument(`Báo cáo ${input.title}`, [body, ...appendices]));
}
