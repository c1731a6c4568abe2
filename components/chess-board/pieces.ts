import { svg, type SVGTemplateResult } from 'lit';
import type { PieceType } from './position.ts';

/**
 * Skylit's own chess pieces: simple silhouettes on a 45 × 45 grid, drawn as SVG paths so they are
 * crisp at any size and need no font or image. Colours come from `--sky-piece-*` properties.
 */
export const PIECE_NAMES: Record<PieceType, string> = {
  p: 'pawn',
  n: 'knight',
  b: 'bishop',
  r: 'rook',
  q: 'queen',
  k: 'king',
};

const BASE = 'M11 35.5h23a1.5 1.5 0 0 1 1.5 1.5v1.5a1.5 1.5 0 0 1-1.5 1.5H11a1.5 1.5 0 0 1-1.5-1.5V37a1.5 1.5 0 0 1 1.5-1.5z';

/** The body of each piece (one path), and optional detail strokes drawn in the contrast colour. */
const SHAPES: Record<PieceType, { body: string; detail?: string }> = {
  p: {
    body: 'M22.5 9a5.5 5.5 0 0 1 3.3 9.9c2.4 1.5 3.7 3.7 3.7 6.1h-3c1.8 3 3 6.4 3.5 10.5h-15c.5-4.1 1.7-7.5 3.5-10.5h-3c0-2.4 1.3-4.6 3.7-6.1A5.5 5.5 0 0 1 22.5 9z',
  },
  r: {
    body: 'M12 9h4.5v3.5h3V9h6v3.5h3V9H33v7.5l-3 2.5v12.5l2.5 4h-20l2.5-4V19l-3-2.5z',
    detail: 'M15 19h15M14.5 31.5h16',
  },
  n: {
    body: 'M15 35.5c0-6 2.5-9.5 6.5-12.5-2.6.4-5.2 1.6-7.3 3.6-1.7-.3-3-1.6-3.2-3.2-.3-2.4 2.8-6.2 5.2-9.3l1-4.6 2.6 2.6 1.7-2.6 1.5 3.4c6.3 1.6 10.5 8 10.5 15.6v7z',
    detail: 'M17.2 15.2h.1M13 23.5c.6-.2 1.3-.6 1.8-1',
  },
  b: {
    body: 'M22.5 5.5a2.6 2.6 0 0 1 1.5 4.7c4.2 2.8 6.5 6.9 6.5 11.3 0 2.6-1 4.4-2.3 5.5h-11.4c-1.3-1.1-2.3-2.9-2.3-5.5 0-4.4 2.3-8.5 6.5-11.3a2.6 2.6 0 0 1 1.5-4.7zM16 27.5h13v3h-1.3l2.3 5H15l2.3-5H16z',
    detail: 'M25 15l-3.5 5M19.5 21.5h6',
  },
  q: {
    body: 'M11.5 35.5l-1-3.5 2.5-1.5-2.8-13.6a2.3 2.3 0 1 1 2-.2l5.3 8.8 2.5-11.2a2.3 2.3 0 1 1 2.5-.3l2.5 11.5 2.5-11.5a2.3 2.3 0 1 1 2.5.3l2.5 11.2 5.3-8.8a2.3 2.3 0 1 1 2 .2L32 30.5l2.5 1.5-1 3.5z',
    detail: 'M13 30.5h19',
  },
  k: {
    body: 'M21.2 4h2.6v3h3v2.6h-3v4.3c1.1.6 1.9 1.4 2.4 2.4 3.5-2.5 9-1.4 9.6 3.2.5 3.6-2.3 6.4-4.8 9.5v3.5l1 3h-19l1-3V29c-2.5-3.1-5.3-5.9-4.8-9.5.6-4.6 6.1-5.7 9.6-3.2.5-1 1.3-1.8 2.4-2.4V9.6h-3V7h3z',
    detail: 'M14.5 29h16',
  },
};

/** The SVG of one piece. Decorative: the square's label says what stands there. */
export function pieceSvg(color: 'w' | 'b', type: PieceType): SVGTemplateResult {
  const shape = SHAPES[type];
  return svg`<svg class="piece piece-${color}" part="piece piece-${color}" viewBox="0 0 45 45" aria-hidden="true">
    <path d=${shape.body + BASE}></path>
    ${shape.detail ? svg`<path class="piece-detail" d=${shape.detail}></path>` : ''}
  </svg>`;
}
