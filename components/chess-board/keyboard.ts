import { FILES } from './position.ts';

/**
 * The square the focus moves to for a key press on the board grid, or null when the key is not a
 * navigation key. Arrows follow the screen, so they are reversed when the board is flipped;
 * Home/End go to the row's ends, Ctrl+Home/End to the grid's first and last square.
 */
export function nextSquare(square: string, event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>, flipped: boolean): string | null {
  let file = FILES.indexOf(square[0] as (typeof FILES)[number]);
  let rank = Number(square[1]) - 1;
  const dir = flipped ? -1 : 1;
  const first = flipped ? 7 : 0;
  const last = 7 - first;
  switch (event.key) {
    case 'ArrowRight':
      file += dir;
      break;
    case 'ArrowLeft':
      file -= dir;
      break;
    case 'ArrowUp':
      rank += dir;
      break;
    case 'ArrowDown':
      rank -= dir;
      break;
    case 'Home':
      file = first;
      if (event.ctrlKey || event.metaKey) rank = last;
      break;
    case 'End':
      file = last;
      if (event.ctrlKey || event.metaKey) rank = first;
      break;
    default:
      return null;
  }
  if (file < 0 || file > 7 || rank < 0 || rank > 7) return square;
  return `${FILES[file]}${rank + 1}`;
}
