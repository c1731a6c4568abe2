// <sky-chess-board> in Chromium: keyboard, pointer and typed input; tool calls with rollback and
// conflict handling; announcements; accessibility and motion.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { Chess } from 'chess.js';
import '../../components/chess-board/define.ts';
import type { SkyChessBoard } from '../../components/chess-board/index.ts';
import { LEGAL_MOVES_META_KEY, type ChessView } from '../../components/chess-board/view.ts';
import { createHost, type JsonObject, type StandaloneHost } from '../../components/host/index.ts';
import { centreOf, clickElement, colorsIn, dragBetween, forcedColors, type Region } from '../fixtures/real-input.ts';

/** The dialog with this id while it is rendered (only while it is open), else null. */
const dialogOf = (el: SkyChessBoard, id: string) => el.shadowRoot!.querySelector<HTMLDialogElement>(`#${id}`);
const isOpen = (el: SkyChessBoard, id: string) => dialogOf(el, id)?.open === true;
const cell = (el: SkyChessBoard, square: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-square="${square}"]`)!;
/** Clicks a square with the real mouse. */
const clickSquare = (el: SkyChessBoard, square: string) => clickElement(cell(el, square));
/** Clicks the button of the widget whose text is `text`, with the real mouse. */
const clickButton = (el: SkyChessBoard, text: string) =>
  clickElement([...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === text)!);
const spoken = (el: SkyChessBoard) => el.shadowRoot!.querySelector('[part="announcer"]')!.textContent!.trim();
/**
 * True when `words` is the last thing the live region said. Messages that come within one moment are
 * said together (a real key press or click comes fast in a test), so earlier ones may precede it.
 */
const said = (el: SkyChessBoard, words: string) => spoken(el) === words || spoken(el).endsWith(` ${words}`);
const hosts: StandaloneHost[] = [];
afterEach(async () => {
  hosts.splice(0).forEach((h) => h.dispose());
  await forcedColors(false);
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

/**
 * A host whose tools are the real rules of chess, held in the test (server stand-in). Like Skylit's
 * server it sends the legal moves in `_meta`, unless `legalMoves: false` (a server that does not).
 */
function toolHost(start: Partial<ChessView> = {}, opts: { reject?: boolean; conflict?: ChessView; toolInput?: JsonObject; legalMoves?: boolean } = {}) {
  const chess = new Chess(start.fen);
  let view: ChessView = {
    gameId: 'g1', fen: chess.fen(), turn: chess.turn(), moves: [], lastMove: null, status: 'active', check: false,
    players: { w: 'human', b: 'human' }, version: 1, ...start,
  };
  const calls: JsonObject[] = [];
  const meta = (fen: string) =>
    opts.legalMoves === false ? {} : { [LEGAL_MOVES_META_KEY]: new Chess(fen).moves({ verbose: true }).map((m) => ({ uci: m.lan, san: m.san })) };
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
      toolResponseMetadata: meta(view.fen),
      ...(opts.toolInput ? { toolInput: opts.toolInput } : {}),
      callTool: (name, args) => {
        calls.push({ name, ...args });
        if (name === 'chess_get_game') return { structuredContent: view, content: [{ type: 'text', text: 'game' }], _meta: meta(view.fen) };
        if (opts.conflict) return { isError: true, content: [{ type: 'text', text: 'Version conflict.' }], structuredContent: opts.conflict, _meta: { 'skylit/conflict': true, ...meta(opts.conflict.fen) } };
        if (opts.reject) return { isError: true, content: [{ type: 'text', text: 'The server refused the move.' }] };
        if (name === 'chess_resign') {
          view = { ...view, status: 'resigned', winner: args.side === 'w' ? 'b' : 'w', version: view.version + 1 };
          return { structuredContent: view, content: [{ type: 'text', text: 'resigned' }] };
        }
        let move;
        try {
          move = apply(String(args.move));
        } catch {
          return { isError: true, content: [{ type: 'text', text: `Illegal move ${String(args.move)}.` }], structuredContent: view, _meta: meta(view.fen) };
        }
        return { structuredContent: view, content: [{ type: 'text', text: move.san }], _meta: meta(view.fen) };
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
    await clickSquare(el, from);
    await el.updateComplete;
    await clickSquare(el, to);
  } else if (input === 'drag') {
    el.scrollIntoView({ block: 'center' });
    await dragBetween(centreOf(cell(el, from)), centreOf(cell(el, to)));
  } else {
    el.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ type: san });
    await sendKeys({ press: 'Enter' });
  }
  await el.updateComplete;
  if (!promoteTo || input === 'typed') return;
  await waitUntil(() => isOpen(el, 'promotion'), `${input}: the promotion chooser did not open`);
  const dialog = dialogOf(el, 'promotion')!;
  const order = ['queen', 'rook', 'bishop', 'knight'];
  if (input === 'keyboard') {
    for (let i = 0; i < order.indexOf(promoteTo); i++) await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement!.textContent).to.include(promoteTo);
    await sendKeys({ press: 'Enter' });
  } else {
    await clickElement([...dialog.querySelectorAll('button')].find((b) => b.textContent!.includes(promoteTo))!);
  }
  await waitUntil(() => !isOpen(el, 'promotion'));
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
    await waitUntil(() => said(el, 'White pawn to e4.'), `heard "${spoken(el)}"`);
    await keyboardMove(el, 'g8', 'f6');
    await waitUntil(() => said(el, 'Black knight to f6.'), `heard "${spoken(el)}"`);
  });

  it('refuses an illegal move locally and says why', async () => {
    const { host, calls } = toolHost();
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board .host=${host}></sky-chess-board>`);
    await clickSquare(el, 'e2');
    await clickSquare(el, 'e5');
    await waitUntil(() => spoken(el).endsWith('Illegal move: e2, white pawn cannot go to e5.'), `heard "${spoken(el)}"`);
    expect(calls).to.deep.equal([]);
  });

  it('sends a legal move with version and idempotency key, then shows the server state', async () => {
    const { host, calls } = toolHost();
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board .host=${host}></sky-chess-board>`);
    await clickSquare(el, 'g1');
    await clickSquare(el, 'f3');
    await waitUntil(() => calls.length === 1);
    expect(calls[0]).to.include({ name: 'chess_make_move', gameId: 'g1', move: 'g1f3', expectedVersion: 1 });
    expect(calls[0]!.requestId).to.match(/^[0-9a-f-]{36}$/);
    await waitUntil(() => cell(el, 'f3').getAttribute('aria-label') === 'f3, white knight');
  });

  it('rolls back a move the server refuses and says so', async () => {
    const { host } = toolHost({}, { reject: true });
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board .host=${host}></sky-chess-board>`);
    const input = el.shadowRoot!.querySelector('input')!;
    await clickElement(input);
    await sendKeys({ type: 'e4' });
    await clickButton(el, 'Play');
    await waitUntil(() => said(el, 'Move e4 not accepted: The server refused the move.'), `heard "${spoken(el)}"`);
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
    await waitUntil(() => said(el, 'The game changed elsewhere; showing the current position. Black to move.'), `heard "${spoken(el)}"`);
    expect(el.shadowRoot!.querySelector('[part="notice"]')!.textContent).to.equal(
      'The game changed elsewhere; this is the current position. Your move e4 was not played.',
    );
    await expect(el).to.be.accessible();
  });

  it('shows what was wrong, never a blank board, when a view breaks the contract', async () => {
    const broken: [Record<string, unknown>, string][] = [
      [{ moves: 'e4' }, 'moves must be an array (got a string)'],
      [{ fen: 'not a position' }, 'fen "not a position" is not a position'],
      [{ players: { w: 'human', b: 'robot' } }, 'players.b must be one of "human", "computer" (got "robot")'],
      [{ version: '2' }, 'version must be a number (got a string)'],
    ];
    for (const [change, words] of broken) {
      const { host } = toolHost();
      host.set({ toolOutput: { ...host.snapshot.toolOutput, ...change } });
      const el = await fixture<SkyChessBoard>(html`<sky-chess-board .host=${host}></sky-chess-board>`);
      const error = el.shadowRoot!.querySelector('[part="error"]');
      expect(error, JSON.stringify(change)).to.not.equal(null);
      expect(error!.textContent).to.include(`This sky-chess-board received data it cannot show: ${words}`);
      expect(el.shadowRoot!.querySelector('[role="grid"]')).to.equal(null);
    }
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
    expect(isOpen(el, 'promotion')).to.equal(true);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !isOpen(el, 'promotion'));
    expect(cell(el, 'e7').getAttribute('aria-label')).to.equal('e7, white pawn');
    await el.play('e7', 'e8');
    await el.updateComplete;
    (el.shadowRoot!.activeElement as HTMLElement | null)?.blur();
    const knight = [...dialogOf(el, 'promotion')!.querySelectorAll('button')].find((b) => b.textContent!.includes('knight'))!;
    knight.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => cell(el, 'e8').getAttribute('aria-label') === 'e8, white knight');
    await waitUntil(() => said(el, 'White pawn to e8, promotes to knight.'), 'the promotion was not spoken');
  });

  for (const kind of ['mouse', 'pen', 'touch'] as const) {
    it(`moves a piece by dragging it with a ${kind}; a drag off the board puts it back`, async () => {
      const el = await fixture<SkyChessBoard>(html`<sky-chess-board style="width: 400px" fen="rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"></sky-chess-board>`);
      await dragBetween(centreOf(cell(el, 'd2')), centreOf(cell(el, 'd4')), kind);
      await waitUntil(() => cell(el, 'd4').getAttribute('aria-label') === 'd4, white pawn', `${kind}: no pawn on d4`);
      expect(cell(el, 'd2').getAttribute('aria-label')).to.equal('d2, empty');
      expect(el.shadowRoot!.querySelector('.ghost'), 'the dragged copy is gone').to.equal(null);
      // Dropped outside the board: nothing is played, nothing stays picked up.
      const [x, y] = centreOf(cell(el, 'g8'));
      await dragBetween([x, y], [el.shadowRoot!.querySelector('[part="board"]')!.getBoundingClientRect().right + 60, y], kind);
      await el.updateComplete;
      expect(cell(el, 'g8').getAttribute('aria-label')).to.equal('g8, black knight');
      expect(el.shadowRoot!.querySelector('[aria-selected="true"]')).to.equal(null);
      // A press that trembles by a pixel is still a click: it picks the piece up.
      const [px, py] = centreOf(cell(el, 'g8'));
      await dragBetween([px, py], [px + 1, py], kind);
      await waitUntil(() => cell(el, 'g8').getAttribute('aria-selected') === 'true', `${kind}: a trembling click did not pick up the knight`);
    });
  }

  for (const palette of ['light', 'dark'] as const) {
    it(`stays readable in forced colours (${palette} high-contrast palette): squares, pieces and highlights by shape`, async () => {
      await forcedColors(true, palette);
      const el = await fixture<SkyChessBoard>(html`<sky-chess-board style="width: 400px" fen="4k3/r7/8/8/8/8/4Q3/4K3 w - - 0 1"></sky-chess-board>`);
      await el.playTyped('Qb5+'); // last move e2-b5, the black king on e8 in check
      await el.updateComplete;
      await clickSquare(el, 'a7'); // the black rook picked up: its one legal move, d7, blocks the check
      await waitUntil(() => cell(el, 'a7').getAttribute('aria-selected') === 'true');
      (el.shadowRoot!.activeElement as HTMLElement).blur();
      /** Share of a square's pixels (in a region) drawn in `color`. */
      const share = async (square: string, color: string, region: Region = 'all') => (await colorsIn(cell(el, square), region)).get(color) ?? 0;
      const plain = await colorsIn(cell(el, 'a8'));
      const [background] = [...plain.entries()].sort((a, b) => b[1] - a[1])[0]!;
      const [ink] = [...(await colorsIn(cell(el, 'b8'))).entries()].filter(([c]) => c !== background).sort((a, b) => b[1] - a[1])[0]!;
      // Light and dark squares: plain, and hatched in the text colour.
      expect(plain.get(background), 'a light square is plain').to.be.above(0.97);
      expect(await share('b8', ink), 'a dark square is hatched').to.be.within(0.05, 0.4);
      // Pieces: white ones filled with the background colour, black ones with the text colour, both outlined.
      expect(await share('e1', ink, 'middle'), 'the white king is filled, even on a hatched square').to.be.below(0.1);
      expect(await share('e1', ink), 'the white king is outlined').to.be.above(0.1);
      expect(await share('e8', ink, 'middle'), 'the black king is filled with the text colour').to.be.above(0.6);
      // Highlights: a dashed frame for the last move, a double frame for check, a coloured frame for
      // the selection, a dot for a target — none of them is only a tint.
      expect(await share('e2', ink, 'rim'), 'the last move is framed').to.be.above(0.2);
      expect(await share('e8', ink, 'rim'), 'the king in check is framed').to.be.above(0.3);
      const selection = [...(await colorsIn(cell(el, 'a7'), 'rim')).entries()].filter(([c]) => c !== background && c !== ink);
      expect(selection.reduce((sum, [, n]) => sum + n, 0), 'the selected square is framed in the highlight colour').to.be.above(0.5);
      const dot = [...(await colorsIn(cell(el, 'd7'), 'middle')).entries()].filter(([c]) => c !== background && c !== ink);
      expect(dot.reduce((sum, [, n]) => sum + n, 0), 'a legal target has a dot').to.be.above(0.2);
      // The keyboard focus: an outline on the focused square.
      expect(await share('b7', ink, 'rim')).to.be.below(0.02);
      cell(el, 'a7').focus();
      await sendKeys({ press: 'ArrowRight' });
      await waitUntil(() => (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.square === 'b7');
      expect(await share('b7', ink, 'rim'), 'the focused square has an outline').to.be.above(0.3);
    });
  }

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
      await waitUntil(() => said(el, words), `after ${from}-${to} heard "${spoken(el)}"`);
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
      await waitUntil(() => said(el, 'White castles kingside.'), `heard "${spoken(el)}"`);
      expect(cell(el, 'f1').getAttribute('aria-label')).to.equal('f1, white rook');
      await moveBy(input, el, 'e8', 'c8', 'O-O-O');
      await waitUntil(() => said(el, 'Black castles queenside.'), `heard "${spoken(el)}"`);
      expect(cell(el, 'd8').getAttribute('aria-label')).to.equal('d8, black rook');
      expect(cell(el, 'c8').getAttribute('aria-label')).to.equal('c8, black king');

      el = await board('4k3/3p4/8/4P3/8/8/8/4K3 b - - 0 1');
      await el.play('d7', 'd5');
      await el.updateComplete;
      await moveBy(input, el, 'e5', 'd6', 'exd6');
      await waitUntil(() => said(el, 'White pawn takes d6 en passant.'), `heard "${spoken(el)}"`);
      expect(cell(el, 'd5').getAttribute('aria-label')).to.equal('d5, empty');

      el = await board('1r2k3/P7/8/8/8/8/8/4K3 w - - 0 1');
      await moveBy(input, el, 'a7', 'a8', 'a8=Q', 'queen');
      await waitUntil(() => cell(el, 'a8').getAttribute('aria-label') === 'a8, white queen', `${input}: no queen on a8`);
      await waitUntil(() => said(el, 'White pawn to a8, promotes to queen.'), `heard "${spoken(el)}"`);

      el = await board('1r2k3/P7/8/8/8/8/7P/4K3 w - - 0 1');
      await moveBy(input, el, 'a7', 'b8', 'axb8=N', 'knight');
      await waitUntil(() => cell(el, 'b8').getAttribute('aria-label') === 'b8, white knight', `${input}: no knight on b8`);
      await waitUntil(() => said(el, 'White pawn takes b8, promotes to knight.'), `heard "${spoken(el)}"`);
      await expect(el).to.be.accessible();
    });
  }

  it("fetches the other player's moves, pauses while the page is hidden and catches up when shown", async () => {
    const { host, calls, elsewhere } = toolHost();
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board poll-interval="40" .host=${host}></sky-chess-board>`);
    const polls = () => calls.filter((c) => c.name === 'chess_get_game').length;
    await waitUntil(() => polls() >= 2, 'no polling in a game between two people');
    elsewhere('e4');
    await waitUntil(() => said(el, 'White pawn to e4.'), `heard "${spoken(el)}"`);
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
    await waitUntil(() => said(el, 'Black pawn to e5.'), `heard "${spoken(el)}"`);

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
    await clickSquare(el, 'e7');
    await clickSquare(el, 'e5');
    await waitUntil(() => said(el, "It is Black's move: waiting for your opponent. You play White."), `heard "${spoken(el)}"`);
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
    await clickButton(el, 'Resign…');
    await waitUntil(() => isOpen(el, 'resign'));
    expect(dialogOf(el, 'resign')!.textContent).to.include('White resigns and Black wins. This cannot be undone.');
    expect(el.shadowRoot!.activeElement!.textContent!.trim(), 'the safe choice has focus').to.equal('Keep playing');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !isOpen(el, 'resign'));
    await clickButton(el, 'Resign…');
    await waitUntil(() => isOpen(el, 'resign'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !isOpen(el, 'resign'));
    expect(calls, 'nothing sent before the user confirms').to.have.length(0);

    await clickButton(el, 'Resign…');
    await waitUntil(() => isOpen(el, 'resign'));
    await clickButton(el, 'Resign');
    await waitUntil(() => el.shadowRoot!.querySelector('[aria-label="Game over"]'), 'no game-over summary');
    expect(calls).to.have.length(1);
    expect(calls[0]).to.include({ name: 'chess_resign', gameId: 'g1', side: 'w', expectedVersion: 1 });
    expect(calls[0]!.requestId).to.be.a('string');
    expect(el.shadowRoot!.querySelector('[aria-label="Game over"]')!.textContent).to.include('White resigned. Black wins.');
    await waitUntil(() => said(el, 'White resigned. Black wins.'), `heard "${spoken(el)}"`);
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
      await waitUntil(() => said(el, words), `after ${moves.join(' ')} heard "${spoken(el)}"`);
      const summary = el.shadowRoot!.querySelector('[aria-label="Game over"]')!;
      expect(summary.querySelectorAll('button').length, 'one primary action').to.equal(1);
      expect(summary.textContent).to.include(words.slice(words.indexOf('.') + 2));
      expect(await el.playTyped('Kb1'), 'no move after the end').to.equal(false);
    }
  });

  it('keeps the flip in widget state and turns the arrow keys with the board', async () => {
    const el = await fixture<SkyChessBoard>(html`<sky-chess-board fen="rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"></sky-chess-board>`);
    await clickButton(el, 'Flip board');
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
