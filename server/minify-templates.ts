/**
 * A build step for the widget bundles: the text of Lit's `css` and `html` tagged templates, which a
 * JavaScript minifier must keep as it is (it cannot know what the text means). In `css` templates
 * comments go and white space shrinks to what CSS needs; in `html` templates every run of white space
 * that holds a line break becomes one space (which renders the same; Skylit's templates have no
 * <pre>). Interpolations (`${…}`) are left alone. Only `.ts` files under components/ are touched.
 */
import type { Plugin } from 'vite';

const TEMPLATE = /\b(css|html|svg)`((?:[^`\\$]|\\.|\$(?!\{)|\$\{(?:[^{}]|\{[^{}]*\})*\})*)`/g;

/** The Vite plugin. */
export function minifyTemplates(): Plugin {
  return {
    name: 'skylit-minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/components\/.*\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      return { code: minifyTemplateLiterals(code), map: null };
    },
  };
}

/** Minifies the static text of every css/html/svg tagged template in `code`. */
export function minifyTemplateLiterals(code: string): string {
  return code.replace(TEMPLATE, (_whole, tag: string, body: string) => {
    // Static parts between interpolations; each is minified on its own.
    const parts = body.split(/(\$\{(?:[^{}]|\{[^{}]*\})*\})/);
    const out = parts.map((part, i) => (i % 2 === 1 ? part : tag === 'css' ? minifyCss(part) : minifyMarkup(part)));
    return `${tag}\`${out.join('')}\``;
  });
}

function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .replace(/([\s:(,/])0\.(\d)/g, '$1.$2')
    .trim();
}

function minifyMarkup(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
