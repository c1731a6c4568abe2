// <sky-chess-board> in Chromium: keyboard, pointer and typed input; tool calls with rollback and
// conflict handling; announcements; accessibility and motion.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands';
import { Chess } from 'chess.js';
import '../../components/chess-board/define.ts';
import type { SkyChessBoard } from '../../components/chess-board/index.ts';
import type { ChessView } from '../../components/chess-board/view.ts';
import { createHost, type JsonObject, type StandaloneHost } from '../../components/host/index.ts';

const cell = (el: SkyChessBoard, square: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-square="${square}"]`)!;
const spoken = (el: SkyChessBoard) => el.shadowRoot!.querySelector('[part="announcer"]')!.textContent!.trim();
const hosts: StandaloneHost[] = [];
afterEach(async () => {
  hosts.splice(0).forEach((h) => h.dispose());
  await emulateMedia({ reducedMotion: 'no-preference' });
});

/** Focuses the board's tab stop, then walks with arrow keys from `from` to `to` and presses Enter. */
async function keyboardSelect(el: SkyChessBoard, from: string, to: string): Promise<void> {
  const dx = to.charCodeAt(0) - from.charCodeAt(0);
  const dy = Number(to[1]) - Number(from[1]);
  const flip = el.flipped ? -1 : 1;
  for (let i = 0; i < Math.abs(dx); i++) await sendKeys({ press: dx * flip > 0 ? 'ArrowRight' : 'ArrowLeft' });
  for (let i = 0; i < Math.abs(dy); i++) await sendKeys({ press: dy * flip > 0 ? 'ArrowUp' : 'ArrowDown' });
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

/** Plays `from`→`to` with the keyboard alone, starting wherever the focus is on the board. */
async function keyboardMove(el: SkyChessBoard, from: string, to: string): Promise<void> {
  const current = (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.square ?? 'e2';
  await keyboardSelect(el, current, from);
  await keyboardSelect(el, from, to);
}

/** A host whose tools are the real rules of chess, held in the test (server stand-in). */
function toolHost(start: Partial<ChessView> = {}, opts: { reject?: boolean; conflict?: ChessView; toolInput?: JsonObject } = {}) {
  const chess = new Chess(start.fen);
  let view: ChessView = {
    gameId: 'g1', fen: chess.fen(), turn: chess.turn(), moves: [], lastMove: null, status: 'active', check: false,
    players: { w: 'human', b: 'human' }, version: 1, ...start,
  };
  const calls: JsonObject[] = [];
  /** Plays a move on the "server", as the other player would from another device. */
  const apply = (text: string) => {
    const move = chess.move(text);
    view = { ...view, fen: chess.fen(), turn: chess.turn(), moves: [...view.moves, move.san], lastMove: { from: move.from, to: move.to, san: move.san }, check: chess.isCheck(), version: view.version + 1 };
    if (chess.isCheckmate()) view = { ...view, status: 'checkmate', winner: move.color };
    return move;
  };
  const host = createHost({
    transport: 'standalone',
    standalone: {
      toolOutput: view as unknown as JsonObject,
      ...(opts.toolInput ? { toolInput: opts.toolInput } : {}),
      callTool: (name, args) => {
        calls.push({ name, ...args });
        if (name === 'chess_get_game') return { structuredContent: view, content: [{ type: 'text', text: 'game' }] };
        if (opts.conflict) return { isError: true, content: [{ type: 'text', text: 'Version conflict.' }], structuredContent: opts.conflict, _meta: { 'skylit/conflict': true } };
        if (opts.reject) return { isError: true, content: [{ type: 'text', text: 'The server refused the move.' }] };
        if (name === 'chess_resign') {
          view = { ...view, status: 'resigned', winner: args.side === 'w' ? 'b' : 'w', version: view.version + 1 };
          return { structuredContent: view, content: [{ type: 'text', text: 'resigned' }] };
        }
        const move = apply(String(args.move));
        return { structuredContent: view, content: [{ type: 'text', text: move.san }] };
      },
    },
  });
  hosts.push(host);
  return { host, calls, elsewhere: apply };
}

type Input = 'keyboard' | 'click' | 'drag' | 'typed';
const INPUTS: Input[] = ['keyboard', 'click', 'drag', 'typed'];

/**
 * Makes one move the way a user of `input` would: arrow keys + Enter, two clicks, a real mouse drag,
 * or typing `san` into the move field and pressing Enter. A promotion is then chosen in the chooser
 * the same way (Tab + Enter, or a click); typed moves name the piece in the SAN.
 */
async function moveBy(input: Input, el: SkyChessBoard, from: string, to: string, san: string, promoteTo?: string): Promise<void> {
  if (input === 'keyboard') {
    el.shadowRoot!.querySelector<HTMLElement>('[role="gridcell"][tabindex="0"]')!.focus();
    await keyboardMove(el, from, to);
  } else if (input === 'click') {
    cell(el, from).click();
    await el.updateComplete;
    cell(el, to).click();
  } else if (input === 'drag') {
    el.scrollIntoView({ block: 'center' });
    const centre = (square: string): [number, number] => {
      const r = cell(el, square).getBoundingClientRect();
      return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
    };
    await sendMouse({ type: 'move', position: centre(from) });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: centre(to) });
    await sendMouse({ type: 'up' });
  } else {
    el.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ type: san });
    await sendKeys({ press: 'Enter' });
  }
  await el.updateComplete;
  if (!promoteTo || input === 'typed') return;
  const dialog = el.shadowRoot!.querySelector<HTMLDialogElement>('#promotion')!;
  await waitUntil(() => dialog.open, `${input}: the promotion chooser did not open`);
  const order = ['queen', 'rook', 'bishop', 'knight'];
  if (input === 'keyboard') {
    for (let i = 0; i < order.indexOf(promoteTo); i++) await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement!.textContent).to.include(promoteTo);
    await sendKeys({ press: 'Enter' });
  } else {
    [...dialog.querySelectorAll('button')].find((b) => b.textContent!.includes(promoteTo))!.click();
  }
  await waitUntil(() => !dialog.open);
}

describe('<sky-chess-board>', () => {
  it('shows a position from a fen attribute with labelled squares, and passes axe', async () => {
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board fen="8/8/8/4k3/8/8/4P3/4K3 w - - 0 1"></sky-chess-board>`);
    const grid = el.shadowRoot!.querySelector('[role="grid"]')!;
    expect(grid.querySelectorAll('[role="row"]').length).to.equal(8);
    expect(grid.querySelectorAll('[role="gridcell"]').length).to.equal(64);
    expect(cell(el, 'e2').getAttribute('aria-label')).to.equal('e2, white pawn');
    expect(cell(el, 'e4').getAttribute('aria-label')).to.equal('e4, empty');
    expect(cell(el, 'a1').classList.contains('dark')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('plays by keyboard alone on a plain page and speaks each move', async () => {
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board fen="rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"></sky-chess-board>`);
    cell(el, 'e2').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(cell(el, 'e2').getAttribute('aria-selected')).to.equal('true');
    expect(cell(el, 'e4').getAttribute('aria-label')).to.equal('e4, empty, legal move');
    await keyboardSelect(el, 'e2', 'e4');
    await waitUntil(() => spoken(el) === 'White pawn to e4.', `heard "${spoken(el)}"`);
    await keyboardMove(el, 'g8', 'f6');
    await waitUntil(() => spoken(el) === 'Black knight to f6.', `heard "${spoken(el)}"`);
  });

  it('refuses an illegal move locally and says why', async () => {
    const { host, calls } = toolHost();
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board .host=${host}></sky-chess-board>`);
    cell(el, 'e2').click();
    cell(el, 'e5').click();
    await waitUntil(() => spoken(el).startsWith('Illegal move'), `heard "${spoken(el)}"`);
    expect(spoken(el)).to.equal('Illegal move: e2, white pawn cannot go to e5.');
    expect(calls).to.deep.equal([]);
  });

  it('sends a legal move with version and idempotency key, then shows the server state', async () => {
    const { host, calls } = toolHost();
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board .host=${host}></sky-chess-board>`);
    cell(el, 'g1').click();
    cell(el, 'f3').click();
    await waitUntil(() => calls.length === 1);
    expect(calls[0]).to.include({ name: 'chess_make_move', gameId: 'g1', move: 'g1f3', expectedVersion: 1 });
    expect(calls[0]!.requestId).to.match(/^[0-9a-f-]{36}$/);
    await waitUntil(() => cell(el, 'f3').getAttribute('aria-label') === 'f3, white knight');
  });

  it('rolls back a move the server refuses and says so', async () => {
    const { host } = toolHost({}, { reject: true });
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board .host=${host}></sky-chess-board>`);
    const input = el.shadowRoot!.querySelector('input')!;
    input.value = 'e4';
    el.shadowRoot!.querySelector<HTMLButtonElement>('.move-form button')!.click();
    await waitUntil(() => spoken(el).startsWith('Move e4 not accepted'), `heard "${spoken(el)}"`);
    expect(spoken(el)).to.equal('Move e4 not accepted: The server refused the move.');
    expect(cell(el, 'e2').getAttribute('aria-label')).to.equal('e2, white pawn');
    expect(cell(el, 'e4').getAttribute('aria-label')).to.equal('e4, empty');
    // Seen as well as heard, until the next move.
    expect(el.shadowRoot!.querySelector('[part="notice"]')!.textContent).to.equal('Move e4 not accepted: The server refused the move.');
  });

  it('shows the server state after a version conflict', async () => {
    const other = new Chess();
    other.move('d4');
    const current: ChessView = { gameId: 'g1', fen: other.fen(), turn: 'b', moves: ['d4'], lastMove: { from: 'd2', to: 'd4', san: 'd4' }, status: 'active', check: false, players: { w: 'human', b: 'human' }, version: 2 };
    const { host } = toolHost({}, { conflict: current });
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board .host=${host}></sky-chess-board>`);
    await el.playTyped('e2e4');
    await el.updateComplete;
    expect(cell(el, 'd4').getAttribute('aria-label')).to.equal('d4, white pawn');
    expect(cell(el, 'e4').getAttribute('aria-label')).to.equal('e4, empty');
    await waitUntil(() => spoken(el).startsWith('The game changed elsewhere'), `heard "${spoken(el)}"`);
    expect(el.shadowRoot!.querySelector('[part="notice"]')!.textContent).to.equal(
      'The game changed elsewhere; this is the current position. Your move e4 was not played.',
    );
    await expect(el).to.be.accessible();
  });

  it('explains a typed move it cannot read', async () => {
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board fen="rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"></sky-chess-board>`);
    await el.playTyped('Ke9');
    await el.updateComplete;
    const error = el.shadowRoot!.querySelector('#move-error')!;
    expect(error.textContent).to.match(/^“Ke9” is not a legal move here\. Try for example /);
    expect(el.shadowRoot!.querySelector('input')!.getAttribute('aria-invalid')).to.equal('true');
  });

  it('asks which piece to promote to, by keyboard, and Escape cancels', async () => {
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board fen="8/4P3/8/8/p7/k7/8/4K3 w - - 0 1"></sky-chess-board>`);
    await el.play('e7', 'e8');
    await el.updateComplete;
    const dialog = el.shadowRoot!.querySelector<HTMLDialogElement>('#promotion')!;
    expect(dialog.open).to.equal(true);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open);
    expect(cell(el, 'e7').getAttribute('aria-label')).to.equal('e7, white pawn');
    await el.play('e7', 'e8');
    await el.updateComplete;
    (el.shadowRoot!.activeElement as HTMLElement | null)?.blur();
    const knight = [...dialog.querySelectorAll('button')].find((b) => b.textContent!.includes('knight'))!;
    knight.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => cell(el, 'e8').getAttribute('aria-label') === 'e8, white knight');
    await waitUntil(() => spoken(el).startsWith('White pawn'), 'the promotion was not spoken').catch(() => undefined);
    expect(spoken(el)).to.equal('White pawn to e8, promotes to knight.');
  });

  it('moves a piece by dragging it with the pointer', async () => {
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board style="width: 400px" fen="rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"></sky-chess-board>`);
    const centre = (square: string): [number, number] => {
      const r = cell(el, square).getBoundingClientRect();
      return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
    };
    await sendMouse({ type: 'move', position: centre('d2') });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: centre('d3') });
    await sendMouse({ type: 'move', position: centre('d4') });
    await sendMouse({ type: 'up' });
    await waitUntil(() => cell(el, 'd4').getAttribute('aria-label') === 'd4, white pawn');
    expect(cell(el, 'd2').getAttribute('aria-label')).to.equal('d2, empty');
  });

  it('slides pieces only when motion is allowed', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board style="width: 320px" fen="rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"></sky-chess-board>`);
    await el.playTyped('e4');
    await el.updateComplete;
    expect(el.shadowRoot!.getAnimations().length, 'an animation ran under reduced motion').to.equal(0);
    await emulateMedia({ reducedMotion: 'no-preference' });
    await waitUntil(() => !el.hasAttribute('reduced-motion'));
    await el.playTyped('e5');
    await el.updateComplete;
    expect(getComputedStyle(el).getPropertyValue('--sky-duration').trim()).to.equal('220ms');
    expect(el.shadowRoot!.getAnimations().length).to.be.above(0);
    // Half-way through a slide the piece is drawn above the squares it crosses (g1 to f3 crosses
    // g2 and f2, which come later in the grid).
    await Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished));
    await el.playTyped('Nf3');
    await el.updateComplete;
    const [slide] = el.shadowRoot!.getAnimations();
    slide!.pause();
    slide!.currentTime = 110;
    const knight = cell(el, 'f3').querySelector('svg')!;
    knight.style.pointerEvents = 'auto'; // hit testing follows paint order; pieces normally let clicks through
    const box = knight.getBoundingClientRect();
    const top = el.shadowRoot!.elementsFromPoint(box.left + box.width / 2, box.top + box.height * 0.8)[0];
    expect(top?.closest('svg') === knight, `the sliding knight is hidden under ${top?.outerHTML.slice(0, 90)}`).to.equal(true);
    slide!.finish();
  });

  it('plays a whole game to mate by keyboard alone, speaking every move', async () => {
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board fen="rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"></sky-chess-board>`);
    cell(el, 'e2').focus();
    const game: [string, string, string][] = [
      ['f2', 'f3', 'White pawn to f3.'],
      ['e7', 'e5', 'Black pawn to e5.'],
      ['g2', 'g4', 'White pawn to g4.'],
      ['d8', 'h4', 'Black queen to h4, checkmate. Black wins.'],
    ];
    for (const [from, to, words] of game) {
      await keyboardMove(el, from, to);
      await waitUntil(() => spoken(el) === words, `after ${from}-${to} heard "${spoken(el)}"`);
    }
    const summary = el.shadowRoot!.querySelector('[aria-label="Game over"]')!;
    expect(summary.textContent).to.include('Checkmate. Black wins.');
    expect(summary.querySelectorAll('button').length, 'one primary action').to.equal(1);
    expect(cell(el, 'e1').getAttribute('aria-label')).to.equal('e1, white king, in check');
    await expect(el).to.be.accessible();
  });

  for (const input of INPUTS) {
    it(`castles both ways, takes en passant, promotes and under-promotes by ${input}`, async () => {
      const board = async (fen: string) => fixture<SkyChessBoard>(html`<sky-chess-board style="width: 400px" fen=${fen}></sky-chess-board>`);
      let el = await board('r3k2r/pppppppp/8/8/8/8/PPPPPPPP/R3K2R w KQkq - 0 1');
      await moveBy(input, el, 'e1', 'g1', 'O-O');
      await waitUntil(() => spoken(el) === 'White castles kingside.', `heard "${spoken(el)}"`);
      expect(cell(el, 'f1').getAttribute('aria-label')).to.equal('f1, white rook');
      await moveBy(input, el, 'e8', 'c8', 'O-O-O');
      await waitUntil(() => spoken(el) === 'Black castles queenside.', `heard "${spoken(el)}"`);
      expect(cell(el, 'd8').getAttribute('aria-label')).to.equal('d8, black rook');
      expect(cell(el, 'c8').getAttribute('aria-label')).to.equal('c8, black king');

      el = await board('4k3/3p4/8/4P3/8/8/8/4K3 b - - 0 1');
      await el.play('d7', 'd5');
      await el.updateComplete;
      await moveBy(input, el, 'e5', 'd6', 'exd6');
      await waitUntil(() => spoken(el) === 'White pawn takes d6 en passant.', `heard "${spoken(el)}"`);
      expect(cell(el, 'd5').getAttribute('aria-label')).to.equal('d5, empty');

      el = await board('1r2k3/P7/8/8/8/8/8/4K3 w - - 0 1');
      await moveBy(input, el, 'a7', 'a8', 'a8=Q', 'queen');
      await waitUntil(() => cell(el, 'a8').getAttribute('aria-label') === 'a8, white queen', `${input}: no queen on a8`);
      await waitUntil(() => spoken(el) === 'White pawn to a8, promotes to queen.', `heard "${spoken(el)}"`);

      el = await board('1r2k3/P7/8/8/8/8/7P/4K3 w - - 0 1');
      await moveBy(input, el, 'a7', 'b8', 'axb8=N', 'knight');
      await waitUntil(() => cell(el, 'b8').getAttribute('aria-label') === 'b8, white knight', `${input}: no knight on b8`);
      await waitUntil(() => spoken(el) === 'White pawn takes b8, promotes to knight.', `heard "${spoken(el)}"`);
      await expect(el).to.be.accessible();
    });
  }

  it("fetches the other player's moves, pauses while the page is hidden and catches up when shown", async () => {
    const { host, calls, elsewhere } = toolHost();
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board poll-interval="40" .host=${host}></sky-chess-board>`);
    const polls = () => calls.filter((c) => c.name === 'chess_get_game').length;
    await waitUntil(() => polls() >= 2, 'no polling in a game between two people');
    elsewhere('e4');
    await waitUntil(() => spoken(el) === 'White pawn to e4.', `heard "${spoken(el)}"`);
    expect(cell(el, 'e4').getAttribute('aria-label')).to.equal('e4, white pawn');

    const hidden = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')!;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      await new Promise((r) => setTimeout(r, 60));
      const before = polls();
      elsewhere('e5');
      await new Promise((r) => setTimeout(r, 200));
      expect(polls(), 'polled while hidden').to.equal(before);
      expect(cell(el, 'e5').getAttribute('aria-label')).to.equal('e5, empty');
    } finally {
      Object.defineProperty(document, 'hidden', hidden);
      delete (document as { hidden?: boolean }).hidden;
    }
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => spoken(el) === 'Black pawn to e5.', `heard "${spoken(el)}"`);

    el.pollInterval = 0;
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 60));
    const stopped = polls();
    await new Promise((r) => setTimeout(r, 150));
    expect(polls(), 'poll-interval 0 turns polling off').to.equal(stopped);
  });

  it('keeps each of two remote players to their own pieces', async () => {
    // The person who started the game asked for white.
    const { host, calls, elsewhere } = toolHost({}, { toolInput: { side: 'w', opponent: 'human' } });
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board poll-interval="30" .host=${host}></sky-chess-board>`);
    const status = () => el.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim();
    expect(status()).to.equal('White to move · your move');
    await el.playTyped('e4');
    await waitUntil(() => status() === 'Black to move · you play White, waiting for your opponent', `status "${status()}"`);
    cell(el, 'e7').click();
    cell(el, 'e5').click();
    await waitUntil(() => spoken(el) === "It is Black's move: waiting for your opponent. You play White.", `heard "${spoken(el)}"`);
    expect(calls.filter((c) => c.name === 'chess_make_move')).to.have.length(1);
    elsewhere('e5');
    await waitUntil(() => status() === 'White to move · your move', `status "${status()}"`);

    // The person who joined by game id has no side until their first move claims one.
    const joined = toolHost({}, { toolInput: { gameId: 'g1' } });
    const other = await fixture<SkyChessBoard>(html`<sky-chess-board .host=${joined.host}></sky-chess-board>`);
    await other.playTyped('d4');
    await waitUntil(() => joined.host.snapshot.widgetState?.seat !== undefined, 'the seat was not kept');
    expect(joined.host.snapshot.widgetState).to.deep.include({ seat: { gameId: 'g1', side: 'w' } });
    expect(await other.playTyped('d5'), 'the joiner may not move black').to.equal(false);
  });

  it('does not poll against the computer', async () => {
    const { host, calls } = toolHost({ players: { w: 'human', b: 'computer' } });
    await fixture<SkyChessBoard>(html`<sky-chess-board poll-interval="20" .host=${host}></sky-chess-board>`);
    await new Promise((r) => setTimeout(r, 150));
    expect(calls.filter((c) => c.name === 'chess_get_game')).to.have.length(0);
  });

  it('asks before resigning: Escape or "Keep playing" sends nothing, "Resign" ends the game', async () => {
    const { host, calls } = toolHost({ players: { w: 'human', b: 'computer' } });
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board .host=${host}></sky-chess-board>`);
    const button = (text: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === text)!;
    const dialog = el.shadowRoot!.querySelector<HTMLDialogElement>('#resign')!;
    button('Resign…').click();
    await waitUntil(() => dialog.open);
    expect(dialog.textContent).to.include('White resigns and Black wins. This cannot be undone.');
    expect(el.shadowRoot!.activeElement!.textContent!.trim(), 'the safe choice has focus').to.equal('Keep playing');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open);
    button('Resign…').click();
    await waitUntil(() => dialog.open);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !dialog.open);
    expect(calls, 'nothing sent before the user confirms').to.have.length(0);

    button('Resign…').click();
    await waitUntil(() => dialog.open);
    button('Resign').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[aria-label="Game over"]'), 'no game-over summary');
    expect(calls).to.have.length(1);
    expect(calls[0]).to.include({ name: 'chess_resign', gameId: 'g1', side: 'w', expectedVersion: 1 });
    expect(calls[0]!.requestId).to.be.a('string');
    expect(el.shadowRoot!.querySelector('[aria-label="Game over"]')!.textContent).to.include('White resigned. Black wins.');
    await waitUntil(() => spoken(el) === 'White resigned. Black wins.', `heard "${spoken(el)}"`);
  });

  it('says stalemate and each draw reason, and offers one action when the game is over', async () => {
    const endings: [string, string[], string][] = [
      ['k7/8/8/1Q6/8/8/8/7K w - - 0 1', ['Qb6'], 'White queen to b6. Stalemate. The game is a draw.'],
      ['8/8/8/4k3/8/8/4p3/3K4 w - - 0 1', ['Kxe2'], 'White king takes e2. Draw: neither side can mate.'],
      ['8/8/8/4k3/8/8/8/R3K3 w - - 99 80', ['Ra2'], 'White rook to a2. Draw by the fifty-move rule.'],
      [
        'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1',
        ['Nf3', 'Nf6', 'Ng1', 'Ng8', 'Nf3', 'Nf6', 'Ng1', 'Ng8'],
        'Black knight to g8. Draw by threefold repetition.',
      ],
    ];
    for (const [fen, moves, words] of endings) {
      const el = await fixture<SkyChessBoard>(html`<sky-chess-board fen=${fen}></sky-chess-board>`);
      for (const move of moves) {
        expect(await el.playTyped(move), `${move} from ${fen}`).to.equal(true);
        await el.updateComplete;
      }
      await waitUntil(() => spoken(el) === words, `after ${moves.join(' ')} heard "${spoken(el)}"`);
      const summary = el.shadowRoot!.querySelector('[aria-label="Game over"]')!;
      expect(summary.querySelectorAll('button').length, 'one primary action').to.equal(1);
      expect(summary.textContent).to.include(words.slice(words.indexOf('.') + 2));
      expect(await el.playTyped('Kb1'), 'no move after the end').to.equal(false);
    }
  });

  it('keeps the flip in widget state and turns the arrow keys with the board', async () => {
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board fen="rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"></sky-chess-board>`);
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Flip board')!.click();
    await el.updateComplete;
    expect(el.host!.snapshot.widgetState).to.deep.equal({ flipped: true });
    const first = el.shadowRoot!.querySelector('[role="gridcell"]')!;
    expect(first.getAttribute('data-square'), 'h1 is top-left when flipped').to.equal('h1');
    cell(el, 'e2').focus();
    await sendKeys({ press: 'ArrowUp' });
    expect((el.shadowRoot!.activeElement as HTMLElement).dataset.square).to.equal('e1');
    await sendKeys({ press: 'ArrowRight' });
    expect((el.shadowRoot!.activeElement as HTMLElement).dataset.square).to.equal('d1');
  });
});
