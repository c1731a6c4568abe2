// Registers <sky-chess-board>. Import this (or the inline bundle) once per page.
import { SkyChessBoard } from './chess-board.ts';

if (!customElements.get('sky-chess-board')) customElements.define('sky-chess-board', SkyChessBoard);

declare global {
  interface HTMLElementTagNameMap {
    'sky-chess-board': SkyChessBoard;
  }
}
