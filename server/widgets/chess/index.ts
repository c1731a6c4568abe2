/**
 * The chess board widget: <sky-chess-board> (components/chess-board/) and its four tools.
 * Listed in server/widgets/index.ts as a built-in widget.
 */
import { CHESS_TOOLS } from '../../../components/chess-board/view.ts';
import { defineWidget } from '../../registry.ts';
import { chessTools } from './tools.ts';

export const CHESS_WIDGET_ID = 'dev.skylit.chess-board';

export const chessBoardWidget = defineWidget({
  manifest: {
    id: CHESS_WIDGET_ID,
    name: 'chess-board',
    title: 'Chess board',
    version: '1.0.0',
    tag: 'sky-chess-board',
    entry: 'components/chess-board/define.ts',
    description:
      'A chess board to play on: against the computer or another person, by mouse, touch, keyboard or screen ' +
      'reader, with moves in SAN or UCI.',
    csp: { connectDomains: [], resourceDomains: [], frameDomains: [], redirectDomains: [] },
    prefersBorder: true,
    preview: { tool: CHESS_TOOLS.newGame, args: {} },
  },
  tools: chessTools,
});

export { chessTools } from './tools.ts';
export { chooseMove } from './engine.ts';
