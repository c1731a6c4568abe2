// <sky-chess-board> as chat hosts show it and people play it: the real widget page (each host's
// one-transport bundle inlined) in a cross-origin frame sandboxed with `allow-scripts` only, under
// the MCP Apps default CSP, on both host transports, against Skylit's real chess tools; every move by
// real input (mouse, touch, pen, keyboard, typing); and not one console error.
import { expect } from '@open-wc/testing';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { closeSandboxedWidgets, openSandboxedWidget, type Dialect, type SandboxedWidget } from '../fixtures/sandbox.ts';
import { inPageServer, type InPageServer } from '../fixtures/server-in-page.ts';

const WIDGET = 'dev.skylit.chess-board';
const square = (name: string) => `[data-square="${name}"]`;
const label = async (widget: SandboxedWidget, name: string) => (await widget.query(square(name)))?.attrs['aria-label'];

/** A new game against the computer on a fresh server, shown in a sandboxed host frame. */
async function openGame(dialect: Dialect, args: Record<string, unknown> = {}, frame: { width?: number; height?: number; displayMode?: 'inline' | 'fullscreen' } = {}) {
  const server: InPageServer = inPageServer();
  const result: CallToolResult = await server.call('chess_new_game', args);
  const widget = await openSandboxedWidget({ widgetId: WIDGET, dialect, toolInput: args, result, callTool: (name, a) => server.call(name, a), ...frame });
  await widget.until(async () => Boolean(await widget.query(square('e2'))), 'no board');
  return { server, widget };
}

/**
 * Waits until the move went to the server and the computer's reply was spoken. The move itself is
 * spoken when played (with the reply, when the server answers at once).
 */
async function expectMoveAndReply(widget: SandboxedWidget, words: string): Promise<void> {
  await widget.until(() => widget.calls.some((c) => c.name === 'chess_make_move'), 'no move was sent');
  await widget.until(async () => /(^|\. )Black \w+ (to|takes|castles)/.test(await widget.spoken()), `the reply to "${words}" was not spoken`);
  const spoken = await widget.spoken();
  if (spoken.startsWith('White')) expect(spoken).to.match(new RegExp(`^${words}\\. Black `));
}

afterEach(async () => {
  closeSandboxedWidgets();
});

for (const dialect of ['mcp-apps', 'openai'] as const) {
  describe(`<sky-chess-board> in a sandboxed ${dialect} host frame`, () => {
    it('plays click-click with a real mouse, and the computer replies', async () => {
      const { widget } = await openGame(dialect);
      await widget.click(square('e2'));
      await widget.until(async () => (await widget.query(square('e2')))?.attrs['aria-selected'] === 'true', 'the first click did not pick up the pawn');
      expect(await label(widget, 'e4')).to.equal('e4, empty, legal move');
      await widget.click(square('e4'));
      await expectMoveAndReply(widget, 'White pawn to e4');
      expect(widget.calls.find((c) => c.name === 'chess_make_move')!.args).to.include({ move: 'e2e4', expectedVersion: 1 });
      expect(await label(widget, 'e4')).to.equal('e4, white pawn');
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('plays by dragging with a real mouse', async () => {
      const { widget } = await openGame(dialect);
      await widget.drag(square('g1'), square('f3'));
      await expectMoveAndReply(widget, 'White knight to f3');
      expect(await label(widget, 'f3')).to.equal('f3, white knight');
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('plays by touch: a tap on the piece and a tap on the square, then a drag with a finger', async () => {
      const { widget } = await openGame(dialect);
      await widget.click(square('d2'), 'touch');
      await widget.click(square('d4'), 'touch');
      await expectMoveAndReply(widget, 'White pawn to d4');
      const before = widget.calls.length;
      await widget.until(async () => !(await widget.query('[part="status"]'))?.text.includes('sending'), 'the move never settled');
      await widget.drag(square('c2'), square('c4'), 'touch');
      await widget.until(() => widget.calls.length > before, 'the touch drag sent no move');
      expect(widget.calls.at(-1)!.args).to.include({ move: 'c2c4' });
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('plays with a pen: tap-tap, then a drag', async () => {
      const { widget } = await openGame(dialect);
      await widget.click(square('b1'), 'pen');
      await widget.click(square('c3'), 'pen');
      await expectMoveAndReply(widget, 'White knight to c3');
      const before = widget.calls.length;
      await widget.drag(square('e2'), square('e4'), 'pen');
      await widget.until(() => widget.calls.length > before, 'the pen drag sent no move');
      expect(widget.calls.at(-1)!.args).to.include({ move: 'e2e4' });
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('plays a typed move with Enter (no form submission, which the sandbox blocks)', async () => {
      const { widget } = await openGame(dialect);
      await widget.click('#move-input');
      await widget.type('Nf3');
      await widget.press('Enter');
      await expectMoveAndReply(widget, 'White knight to f3');
      expect((await widget.query('#move-input'))!.value, 'the field is emptied after the move').to.equal('');
      await widget.type('Ke9');
      await widget.press('Enter');
      await widget.until(async () => Boolean(await widget.query('#move-error')), 'an unreadable move said nothing');
      expect((await widget.query('#move-error'))!.text).to.match(/^“Ke9” is not a legal move here\. Try for example /);
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('plays by keyboard alone: Tab to the board, arrows, Enter', async () => {
      const { widget } = await openGame(dialect);
      await widget.click('[part="status"]'); // the frame gets the focus, as a first click in a chat would
      await widget.press('Shift+Tab');
      await widget.until(async () => (await widget.focused())?.attrs['data-square'] === 'e2', 'Tab did not reach the board on e2');
      await widget.press('Enter');
      await widget.press('ArrowUp');
      await widget.press('ArrowUp');
      await widget.press('Enter');
      await expectMoveAndReply(widget, 'White pawn to e4');
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('refuses an illegal move before sending it', async () => {
      const { widget } = await openGame(dialect);
      await widget.click(square('e2'));
      await widget.click(square('e5'));
      await widget.until(async () => (await widget.spoken()).endsWith('Illegal move: e2, white pawn cannot go to e5.'), 'the illegal move was not refused');
      expect(widget.calls).to.deep.equal([]);
    });

    it('moves the focus into the resign dialog by code and back when it closes, with no console error', async () => {
      const { widget } = await openGame(dialect);
      await widget.click('.actions button:last-child');
      await widget.until(async () => (await widget.query('#resign'))?.open === true, 'the dialog did not open');
      expect((await widget.focused())?.text, 'the safe choice has the focus').to.equal('Keep playing');
      await widget.press('Escape');
      await widget.until(async () => !(await widget.query('#resign'))?.open, 'Escape did not close the dialog');
      expect((await widget.focused())?.text, 'the focus is back on the button that opened it').to.equal('Resign…');
      expect(widget.calls).to.deep.equal([]);
      expect(await widget.errors()).to.deep.equal([]);
    });

    it('gives the board the space in fullscreen: at least 80 % of the shorter side of a 640 × 900 frame', async () => {
      const { widget } = await openGame(dialect, {}, { width: 640, height: 900 });
      await widget.click('.actions button:nth-child(2)');
      await widget.until(async () => Boolean(await widget.query('.layout.fullscreen')), 'no fullscreen layout');
      const board = (await widget.query('[part="board"]'))!.rect;
      expect(board.width, `the board is ${board.width} px wide`).to.be.at.least(0.8 * 640);
      expect(board.height).to.be.at.least(0.8 * 640);
      expect(board.y + board.height, 'the whole board is in the frame').to.be.at.most(900);
      expect(await widget.query('[part="moves"]'), 'the move list is shown').to.not.equal(null);
      expect(await widget.errors()).to.deep.equal([]);
    });
  });
}
