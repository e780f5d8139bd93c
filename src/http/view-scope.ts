import ejs from 'ejs';

// EJS's default compiles each template inside `with (locals) { … }`: every name the template
// uses is then looked up at run time, through the locals object first, and a loop over the
// 180 rows of an agency's table ran about twice as slow as the same code without it.
// Templates are compiled without `with` instead, and each one starts by taking from `locals`
// the names its scriptlets use; its own code runs in a block inside that, so names it
// declares itself shadow them as they shadowed locals before. A name the template uses
// that the locals lack is undefined (where `with` threw unless guarded by `typeof`), and a
// JavaScript global (String, Object, Math…) keeps its global meaning.

/** Options for ejs.render*: the scope below replaces `with`. */
export const VIEW_COMPILE_OPTIONS = { _with: false, localsName: 'locals' } as const;

const SCRIPTLET = /<%(?!%)([\s\S]*?)%>/g;
// A name not read as a property (`item.values` gives `item` only). Names inside strings or
// used as object keys are taken too: a few unused bindings cost nothing.
const NAME = /(?<![.\w$])[A-Za-z_$][\w$]*/g;
const NOT_BINDABLE = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await arguments eval undefined NaN Infinity ' +
    // EJS's own names in the compiled function.
    'locals escapeFn include rethrow'
  ).split(' '),
);

const bindable = (name: string): boolean => !NOT_BINDABLE.has(name) && !name.startsWith('__') && !(name in globalThis);

/** The template's text with its names taken from `locals` first, its own code in a block of its own (no new line: line numbers stay). */
export function scopedTemplate(text: string): string {
  const names = new Set<string>();
  for (const [, code] of text.matchAll(SCRIPTLET)) {
    if (code!.startsWith('#')) continue;
    for (const [name] of code!.matchAll(NAME)) if (bindable(name)) names.add(name);
  }
  return `<% const { ${[...names].join(', ')} } = locals; { %>${text}<% } %>`;
}

let installed = false;

/** Every template EJS reads from a file (pages, layouts, includes) is scoped as above; to be used with VIEW_COMPILE_OPTIONS. */
export function scopeTemplateLocals(): void {
  if (installed) return;
  installed = true;
  const read = ejs.fileLoader;
  ejs.fileLoader = (file: string) => scopedTemplate(String(read(file)));
}
