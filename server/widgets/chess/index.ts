/**
 * The chess board widget: <sky-chess-board> (components/chess-board/) and its five tools.
 * `createChessWidget({ engine })` binds the tools to where the computer's search runs:
 * server/widgets/index.ts gives the Node server a worker-thread pool (engine-pool.ts);
 * `chessBoardWidget` searches in-process under the same budget, and runs anywhere (Storybook's
 * host emulator runs it in the browser).
 */
import { CHESS_TOOLS } from '../../../components/chess-board/view.ts';
import { defineWidget, type WidgetDefinition } from '../../registry.ts';
import { inProcessEngine, type EngineRunner } from './engine-runner.ts';
import { createChessTools } from './tools.ts';

export const CHESS_WIDGET_ID = 'dev.skylit.chess-board';

export interface ChessWidgetOptions {
  /** Where the computer's moves are searched (default: in-process, the default budget). */
  engine?: EngineRunner;
}

/** The chess board widget with its tools bound to `engine`. */
export function createChessWidget(options: ChessWidgetOptions = {}): WidgetDefinition {
  return defineWidget({
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
    tools: createChessTools(options.engine ?? inProcessEngine()),
  });
}

/** The chess widget searching in-process: for the browser, tests and embedding. */
export const chessBoardWidget = createChessWidget();

export { createChessTools } from './tools.ts';
export { chooseMove, searchMove, DEFAULT_BUDGET } from './engine.ts';
export { inProcessEngine, type EngineRunner } from './engine-runner.ts';
