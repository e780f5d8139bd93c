import { CommandError, badValue } from '../errors.js';
import { isPlainObject, type Doc } from './values.js';

/**
 * String comparison by a collation (ICU rules through Intl.Collator):
 * locale, strength 1–3 (4 and 5 act as 3), caseLevel, caseFirst,
 * numericOrdering. `locale: 'simple'` is binary comparison, as without one.
 */
export class Collation {
  readonly compare: (a: string, b: string) => number;
  private readonly locale: string;
  private readonly strength: number;
  private readonly caseLevel: boolean;

  constructor(readonly spec: Doc) {
    this.locale = String(spec.locale).replace(/_/g, '-');
    this.strength = Math.min(Number(spec.strength ?? 3), 3);
    this.caseLevel = spec.caseLevel === true;
    const sensitivity = this.strength === 1 ? (this.caseLevel ? 'case' : 'base') : this.strength === 2 ? (this.caseLevel ? 'variant' : 'accent') : 'variant';
    const caseFirst = spec.caseFirst === 'upper' || spec.caseFirst === 'lower' ? spec.caseFirst : 'false';
    const collator = new Intl.Collator(this.locale, {
      sensitivity,
      numeric: spec.numericOrdering === true,
      caseFirst,
      ignorePunctuation: spec.alternate === 'shifted',
      usage: 'sort',
    });
    this.compare = collator.compare;
  }

  /**
   * A string equal for strings the collation calls equal, for hash lookups
   * (unique indexes, distinct). Exact for strength 3; for strength 1 and 2 it
   * folds case (and, at 1, combining accents) with the locale's lower-casing,
   * which is how ICU's base and accent levels treat Latin scripts, Vietnamese included.
   */
  key(s: string): string {
    if (this.strength >= 3) return s.normalize('NFC');
    let out = s.normalize('NFD');
    if (this.strength === 1) out = out.replace(/\p{M}/gu, '');
    if (!this.caseLevel) out = out.toLocaleLowerCase(this.locale);
    return out.normalize('NFC');
  }
}

const cache = new Map<string, Collation>();

/** The collation a command or index names; undefined for none or `simple`. Bad specs answer as MongoDB does. */
export function parseCollation(v: unknown): Collation | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw new CommandError(14, 'TypeMismatch', "BSON field 'collation' is the wrong type, expected type 'object'");
  if (typeof v.locale !== 'string') throw new CommandError(40414, 'Location40414', "BSON field 'collation.locale' is missing but a required field");
  if (v.locale === 'simple') return undefined;
  const strength = v.strength === undefined ? 3 : Number(v.strength);
  if (!Number.isInteger(strength) || strength < 1 || strength > 5) throw badValue(`unable to parse collation :: caused by :: strength must be an integer 1 through 5, found: ${String(v.strength)}`);
  const tag = v.locale.replace(/_/g, '-');
  let supported: string[];
  try {
    supported = Intl.Collator.supportedLocalesOf([tag]);
  } catch {
    supported = [];
  }
  if (supported.length === 0) throw badValue(`Field 'locale' is invalid in: { locale: "${v.locale}" }`);
  const id = JSON.stringify(v);
  let c = cache.get(id);
  if (!c) cache.set(id, (c = new Collation(v)));
  return c;
}

/** The command's collation, else the collection's default one. */
export function effectiveCollation(cmdCollation: unknown, collectionOptions: Doc | undefined): Collation | undefined {
  if (cmdCollation !== undefined && cmdCollation !== null) return parseCollation(cmdCollation);
  return parseCollation(collectionOptions?.collation);
}

/** A value with its strings replaced by their collation keys, for hashing (indexes, distinct). */
export function collationKey(c: Collation | undefined, v: unknown): unknown {
  if (!c) return v;
  if (typeof v === 'string') return c.key(v);
  if (Array.isArray(v)) return v.map((x) => collationKey(c, x));
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, collationKey(c, x)]));
  return v;
}
