import type { Page } from 'playwright-core';
import { axe, serious, type AxeViolation } from './browser.js';

export interface PageCheck {
  name: string;
  url: string;
  serious: AxeViolation[];
  other: AxeViolation[];
}

/** axe-core on each main page as the walk reaches it; asserted at the end, so one bad page does not hide the next steps. */
export class AxeLog {
  readonly checks: PageCheck[] = [];

  async check(page: Page, name: string): Promise<PageCheck> {
    const violations = await axe(page);
    const bad = serious(violations);
    const check = { name, url: new URL(page.url()).pathname + new URL(page.url()).search, serious: bad, other: violations.filter((v) => !bad.includes(v)) };
    this.checks.push(check);
    return check;
  }

  seriousLines(): string[] {
    return this.checks.flatMap((c) => c.serious.map((v) => `${c.name} (${c.url}): ${v.impact} ${v.id} — ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  }

  report(): string {
    return this.checks
      .map((c) => {
        const line = (v: AxeViolation) => `    ${v.impact} ${v.id}: ${v.help} [${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}${v.nodes.length > 5 ? ', …' : ''}]`;
        return [`  ${c.name} ${c.url}: ${c.serious.length} serious/critical, ${c.other.length} other`, ...c.serious.map(line), ...c.other.map(line)].join('\n');
      })
      .join('\n');
  }
}
