/** <sky-chess-board>: the class (no side effects), its view contract and helpers. Register with define.ts. */
export { SkyChessBoard, type SkyMoveDetail } from './chess-board.ts';
export * from './view.ts';
export { describeMove, describeOutcome } from './speech.ts';
