import { createRequire } from 'node:module';

// Excel reads a cell typed "=…", "+…", "-…" or "@…" as a formula when a user edits it, even if
// it was stored as text; the cell style's quotePrefix (the leading apostrophe of the UI) keeps
// it text. exceljs writes no quotePrefix, so its style writer is taught one attribute: a style
// object carrying `quotePrefix: true` gets `quotePrefix="1"` on its <xf>. Each step checks
// what it patches; with a differently built exceljs the cells are only left without it.

type XmlStream = { openNode(name: string, attributes?: Record<string, unknown>): void };
type StyleModel = { quotePrefix?: boolean } | undefined;
interface StylesXform {
  weakMap?: WeakMap<object, number>;
  addStyleModel(model: StyleModel, cellType?: unknown): number;
  _addStyle(style: Record<string, unknown>): number;
}
interface StyleXform {
  render(xmlStream: XmlStream, model: StyleModel): void;
}

const require = createRequire(import.meta.url);
let patched = false;

export function enableQuotePrefix(): void {
  if (patched) return;
  patched = true;
  let styles: { prototype: StylesXform };
  let style: { prototype: StyleXform };
  try {
    styles = require('exceljs/lib/xlsx/xform/style/styles-xform.js') as typeof styles;
    style = require('exceljs/lib/xlsx/xform/style/style-xform.js') as typeof style;
  } catch {
    return;
  }
  const add = styles.prototype.addStyleModel;
  const render = style.prototype.render;
  if (typeof add !== 'function' || typeof render !== 'function' || typeof styles.prototype._addStyle !== 'function') return;
  styles.prototype.addStyleModel = function (this: StylesXform, model, cellType) {
    if (!model?.quotePrefix || this.weakMap?.has(model)) return add.call(this, model, cellType);
    const own = this._addStyle;
    this._addStyle = (s) => own.call(this, { ...s, quotePrefix: true });
    try {
      return add.call(this, model, cellType);
    } finally {
      delete (this as Partial<StylesXform>)._addStyle;
    }
  };
  style.prototype.render = function (this: StyleXform, xmlStream, model) {
    if (!model?.quotePrefix) return render.call(this, xmlStream, model);
    const open = xmlStream.openNode;
    xmlStream.openNode = function (this: XmlStream, name, attributes) {
      xmlStream.openNode = open;
      return open.call(this, name, { ...attributes, quotePrefix: '1' });
    };
    return render.call(this, xmlStream, model);
  };
}

/** Text Excel would take for a formula once edited. */
export const looksLikeFormula = (value: unknown): boolean => typeof value === 'string' && /^[=+\-@]/.test(value);
