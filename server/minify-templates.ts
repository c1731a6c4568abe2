/**
 * A build step for the widget bundles: the text of Lit's `css`, `html` and `svg` tagged templates,
 * which a JavaScript minifier must keep as it is (it cannot know what the text means).
 * - `css`: comments go, white space shrinks to what CSS needs (quoted strings are kept), and six-digit
 *   colours that can be written with three are. A style sheet with no interpolation then becomes
 *   `unsafeCSS(text)`: the same CSSResult (each module-level sheet is made once either way), and a
 *   bundle whose sheets are all plain text leaves out the `css` tag and its checks.
 * - `html`/`svg`: inside a tag, white space between attributes becomes one space (none before `>`);
 *   in text, every run of white space that holds a line break becomes one space (which renders the
 *   same; Skylit's templates have no <pre>). Attribute values and comments are kept as written.
 * Interpolations (`${…}`) are left alone, and templates nested in them are minified too: the
 * templates are found with the bundler's parser, not a pattern, and only tags imported from Lit
 * count. Only `.ts` files under components/ are touched.
 */
import type { Plugin } from 'vite';

/** The parts of an ESTree node this step reads. */
interface Node {
  type: string;
  [key: string]: unknown;
}

/** Parses TypeScript into an ESTree program (the bundler's parser, `this.parse` in a plugin). */
export type ParseTs = (code: string) => Node;

const TAGS = new Set(['css', 'html', 'svg']);
const LIT_MODULES = new Set(['lit', 'lit-html', 'lit-element', '@lit/reactive-element']);
/** The name `unsafeCSS` is imported under where a plain style sheet is rewritten. */
const UNSAFE_CSS = '__skylitUnsafeCSS';

/** The Vite plugin. */
export function minifyTemplates(): Plugin {
  return {
    name: 'skylit-minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/components\/.*\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      return { code: minifyTemplateLiterals(code, (source) => this.parse(source, { lang: 'ts' }) as unknown as Node), map: null };
    },
  };
}

/** Minifies the static text of every css/html/svg tagged template (tags imported from Lit) in `code`. */
export function minifyTemplateLiterals(code: string, parse: ParseTs): string {
  const program = parse(code);
  const litTags = new Set<string>();
  for (const statement of program.body as Node[]) {
    if (statement.type !== 'ImportDeclaration' || !LIT_MODULES.has((statement.source as Node).value as string)) continue;
    for (const specifier of statement.specifiers as Node[]) {
      const imported = ((specifier.imported as Node | undefined)?.name as string | undefined) ?? '';
      // Only tags imported under their own name: a renamed import is left alone.
      if (TAGS.has(imported) && (specifier.local as Node).name === imported) litTags.add(imported);
    }
  }
  // Each static part's place in `code` and its new text, applied from the end so places stay valid.
  const edits: { start: number; end: number; text: string }[] = [];
  let unsafeCss = false;
  visit(program, (node) => {
    const tag = node.tag as Node;
    if (node.type !== 'TaggedTemplateExpression' || tag.type !== 'Identifier' || !litTags.has(tag.name as string)) return;
    const quasis = (node.quasi as Node).quasis as Node[];
    if (tag.name === 'css' && quasis.length === 1) {
      // An untagged template literal has the same text as the tag's (cooked) string.
      const raw = (quasis[0]!.value as { raw: string }).raw;
      edits.push({ start: node.start as number, end: node.end as number, text: `${UNSAFE_CSS}(\`${minifyCss(raw)}\`)` });
      unsafeCss = true;
      return;
    }
    const markup = tag.name === 'css' ? null : { state: 'text' as MarkupState };
    for (const quasi of quasis) {
      // A static part's raw text starts after its opening "`" or "}".
      const raw = (quasi.value as { raw: string }).raw;
      const start = (quasi.start as number) + 1;
      edits.push({ start, end: start + raw.length, text: markup ? minifyMarkup(raw, markup) : minifyCss(raw) });
    }
  });
  edits.sort((a, b) => b.start - a.start);
  for (const { start, end, text } of edits) code = code.slice(0, start) + text + code.slice(end);
  // (The module name is spliced in: this file itself imports nothing from Lit, and the package check reads imports as text.)
  return unsafeCss ? `import { unsafeCSS as ${UNSAFE_CSS} } from ${JSON.stringify('lit')};\n${code}` : code;
}

function visit(node: unknown, enter: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, enter);
  } else if (node && typeof node === 'object' && typeof (node as Node).type === 'string') {
    enter(node as Node);
    for (const key in node) if (key !== 'parent') visit((node as Node)[key], enter);
  }
}

function minifyCss(text: string): string {
  // Quoted strings (`content: '…'`) are kept as written; the rules apply between them.
  const parts = text.replace(/\/\*[\s\S]*?\*\//g, '').split(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/);
  return parts.map((part, i) => (i % 2 === 1 ? part : minifyCssCode(part))).join('').trim();
}

function minifyCssCode(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .replace(/([\s:(,/])0\.(\d)/g, '$1.$2')
      // A slash never needs spaces (selectors have none): `1.45 / 1`, `rgb(0 0 0 / .5)`, `5 / 4`.
      .replace(/ ?\/ ?/g, '/')
      // Nor does `*` between a number or a closing parenthesis and a value (only calc() has that).
      .replace(/([\d)]) \* (\d|\.\d|\(|var\()/g, '$1*$2')
      // #aabbcc → #abc
      .replace(/#([\da-f])\1([\da-f])\2([\da-f])\3\b/gi, '#$1$2$3')
  );
}

/** Where markup text is: between tags, inside a tag, in a quoted attribute value, in a comment. */
type MarkupState = 'text' | 'tag' | '"' | "'" | 'comment';

/** Minifies one static part of a template; `at.state` carries over from the part before. */
function minifyMarkup(text: string, at: { state: MarkupState }): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    const state = at.state;
    if (/\s/.test(char) && (state === 'text' || state === 'tag')) {
      let end = i;
      while (end < text.length && /\s/.test(text[end]!)) end++;
      const run = text.slice(i, end);
      i = end;
      if (state === 'text') out += run.includes('\n') ? ' ' : run;
      else if (text[i] !== '>' && !text.startsWith('/>', i)) out += ' ';
      continue;
    }
    if (state === 'text' && char === '<') {
      if (text.startsWith('<!--', i)) at.state = 'comment';
      else if (/[a-zA-Z/]/.test(text[i + 1] ?? '')) at.state = 'tag';
    } else if (state === 'tag') {
      if (char === '>') at.state = 'text';
      else if (char === '"' || char === "'") at.state = char;
    } else if (state === '"' || state === "'") {
      if (char === state) at.state = 'tag';
    } else if (state === 'comment' && text.startsWith('-->', i)) {
      out += '-->';
      i += 3;
      at.state = 'text';
      continue;
    }
    out += char;
    i++;
  }
  return out;
}
