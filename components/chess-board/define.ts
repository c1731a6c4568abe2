// Registers <sky-chess-board>. Import this (or the inline bundle) once per page.
import { SkyChessBoard, type SkyMoveDetail } from './chess-board.ts';

if (!customElements.get('sky-chess-board')) customElements.define('sky-chess-board', SkyChessBoard);

export { SkyChessBoard };
export type { SkyMoveDetail };

declare global {
  interface HTMLElementTagNameMap {
    'sky-chess-board': SkyChessBoard;
  }
  interface HTMLElementEventMap {
    'sky-move': CustomEvent<SkyMoveDetail>;
  }
}
