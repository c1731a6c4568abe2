/**
 * <sky-chess-board> in every state worth seeing, each reached through Skylit's real chess tools
 * running in the browser (host emulator: stories/host-emulator/). Pick the host, theme, display
 * mode, max height, locale, motion, latency and failures in the toolbar; the log under each story
 * shows every tool call and widget state the host saw.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../components/chess-board/define.ts';
import type { SkyChessBoard } from '../components/chess-board/index.ts';
import type { ChessView, NewGameArgs } from '../components/chess-board/view.ts';
import type { JsonObject } from '../components/host/index.ts';
import { emulatorOf, hostEmulatorLoader, withHostEmulator, type HostEmulatorParameters } from './host-emulator/emulator.ts';
import type { EmulatedServer } from './host-emulator/server.ts';

/**
 * A setup that starts a game with chess_new_game and plays `moves` (SAN) with chess_make_move,
 * as the model would; the host opens the board with the last call.
 */
function game(start: Omit<NewGameArgs, 'requestId'> = {}, moves: string[] = []): HostEmulatorParameters['setup'] {
  return async (server: EmulatedServer) => {
    let args: JsonObject = { ...start, requestId: crypto.randomUUID() };
    let result = await server.run('chess_new_game', args, 'story setup');
    for (const move of moves) {
      const { gameId, version } = result.structuredContent as unknown as ChessView;
      args = { gameId, move, expectedVersion: version, requestId: crypto.randomUUID() };
      result = await server.run('chess_make_move', args, 'story setup');
      if (result.isError) break;
    }
    if (result.isError) throw new Error(`Story setup failed: ${JSON.stringify(result.content)}`);
    return { args, result };
  };
}

const MID_GAME = ['e4', 'exd5', 'Nc3', 'Be2', 'Nf3', 'O-O', 'd4'];

const boardIn = (canvas: HTMLElement) => canvas.querySelector('sky-chess-board')!;
const part = (board: SkyChessBoard, selector: string) => board.shadowRoot!.querySelector<HTMLElement>(selector);
const square = (board: SkyChessBoard, name: string) => part(board, `[data-square="${name}"]`)!;
const spoken = (board: SkyChessBoard) => part(board, '[part="announcer"]')?.textContent?.trim() ?? '';

/** Waits until the board shows a game (the host has delivered the opening result). */
async function ready(canvas: HTMLElement): Promise<SkyChessBoard> {
  const board = boardIn(canvas);
  await waitFor(() => expect(part(board, '[role="grid"]')).toBeTruthy());
  return board;
}

const meta = {
  title: 'Widgets/Chess board',
  component: 'sky-chess-board',
  loaders: [hostEmulatorLoader],
  decorators: [withHostEmulator],
  render: (_args, context) => html`<sky-chess-board .host=${emulatorOf(context).host}></sky-chess-board>`,
  parameters: { hostEmulator: { setup: game() } satisfies HostEmulatorParameters },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** A new game against the computer, as `chess_new_game {}` opens it. */
export const Start: Story = {};

/** Seven moves each against the computer: last move highlighted. */
export const MidGame: Story = {
  parameters: { hostEmulator: { setup: game({}, MID_GAME) } },
};

/** A piece picked up (by click here; Enter or Space works the same): its legal targets are marked. */
export const SelectedPiece: Story = {
  play: async ({ canvasElement }) => {
    const board = await ready(canvasElement);
    await userEvent.click(square(board, 'g1'));
    await waitFor(() => expect(square(board, 'g1').getAttribute('aria-selected')).toBe('true'));
    await expect(square(board, 'f3').getAttribute('aria-label')).toBe('f3, empty, legal move');
  },
};

/** A pawn reaches the last rank: the board asks which piece it becomes. */
export const Promotion: Story = {
  parameters: { hostEmulator: { setup: game({ fen: '3r2k1/4P3/8/8/8/8/5PPP/6K1 w - - 0 1' }) } },
  play: async ({ canvasElement }) => {
    const board = await ready(canvasElement);
    await userEvent.click(square(board, 'e7'));
    await userEvent.click(square(board, 'e8'));
    await waitFor(() => expect(part(board, 'dialog#promotion')?.hasAttribute('open')).toBe(true));
  },
};

/** Black is in check (a game between two people, 1.e4 e5 2.Bc4 Nc6 3.Bxf7+). */
export const Check: Story = {
  parameters: { hostEmulator: { setup: game({ opponent: 'human' }, ['e4', 'e5', 'Bc4', 'Nc6', 'Bxf7+']) } },
};

/** Fool's mate: the game is over and the board offers a new one. */
export const Checkmate: Story = {
  parameters: { hostEmulator: { setup: game({ opponent: 'human' }, ['f3', 'e5', 'g4', 'Qh4#']) } },
};

/** White's queen move leaves black no legal move and no check: a draw. */
export const Stalemate: Story = {
  parameters: { hostEmulator: { setup: game({ fen: '7k/8/6K1/8/8/8/8/5Q2 w - - 0 1' }, ['Qf7']) } },
};

/**
 * Another client (the other player's tab) moves first; this board's move names the old version,
 * so the server refuses it and sends the current game, which the board shows and announces.
 */
export const Conflict: Story = {
  parameters: { hostEmulator: { setup: game({ opponent: 'human' }) } },
  play: async ({ canvasElement, loaded }) => {
    const board = await ready(canvasElement);
    const { gameId, version } = board.game!;
    const server = emulatorOf({ loaded }).server;
    await server.run('chess_make_move', { gameId, move: 'e4', expectedVersion: version, requestId: crypto.randomUUID() }, 'another client');
    await userEvent.click(square(board, 'd2'));
    await userEvent.click(square(board, 'd4'));
    await waitFor(() => expect(spoken(board)).toMatch(/(^|\. )The game changed elsewhere; showing the current position\. Black to move\./));
    await expect(square(board, 'e4').getAttribute('aria-label')).toBe('e4, white pawn');
    await expect(square(board, 'd4').getAttribute('aria-label')).toBe('d4, empty');
  },
};

/** The host is still running the tool that opens the board. */
export const Loading: Story = {
  parameters: { hostEmulator: { pending: true } },
};

/**
 * The host cannot reach the server for the next call: the move is taken back, and the board keeps
 * the game on screen and says next to the move field what failed, with a retry (same request id).
 */
export const ErrorState: Story = {
  name: 'Error',
  globals: { failure: 'next' },
  play: async ({ canvasElement }) => {
    const board = await ready(canvasElement);
    await userEvent.click(square(board, 'e2'));
    await userEvent.click(square(board, 'e4'));
    await waitFor(() => expect(part(board, '[part="notice"]')?.textContent).toMatch(/Move e4 was not sent: .*could not be reached/));
    await expect(part(board, '[part="notice"] button')?.textContent).toBe('Try again');
    await expect(square(board, 'e2').getAttribute('aria-label')).toBe('e2, white pawn');
  },
};

/** The person plays black: the computer has opened, and black is at the bottom. */
export const BlackToMoveFlipped: Story = {
  name: 'Black to move (flipped)',
  parameters: { hostEmulator: { setup: game({ side: 'b' }) } },
};

/** A 280 px column, as on a phone or in a side panel. */
export const Narrow: Story = {
  parameters: { hostEmulator: { setup: game({}, MID_GAME.slice(0, 3)), width: 280 } },
};

/** Fullscreen: the move list and the PGN export (opened here). */
export const Fullscreen: Story = {
  globals: { displayMode: 'fullscreen' },
  parameters: { hostEmulator: { setup: game({}, MID_GAME) } },
  play: async ({ canvasElement }) => {
    const board = await ready(canvasElement);
    await userEvent.click(part(board, '.pgn summary')!);
    await waitFor(() => expect(part(board, '.pgn textarea')).toBeVisible());
  },
};

/** Opened with no game: the empty view explains and offers one action. */
export const NoGameYet: Story = {
  name: 'No game yet',
  parameters: { hostEmulator: { setup: async () => null } },
};
