import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
// The style sheets first: the bundle then holds all CSS in one stretch, which compresses better.
import { boardStyles } from './chess-board.styles.ts';
import { emptyView, noticeView } from '../base/state-views.ts';
import { motionDuration } from '../base/tokens.ts';
import { OptimisticWrite, type WriteStatus } from '../base/optimistic-write.ts';
import { Poll } from '../base/poll.ts';
import { ToolCall } from '../base/tool-call.ts';
import { WidgetState } from '../base/widget-state.ts';
import { SkyWidgetElement } from '../base/widget-element.ts';
import { newRequestId } from '../host/results.ts';
import type { JsonObject, TransportKind } from '../host/types.ts';
import { PieceDrag } from './drag.ts';
import { halfMoves, moveRows, other, pgnOf } from './game.ts';
import { nextSquare } from './keyboard.ts';
import { LocalGame } from './local-game.ts';
import { PIECE_NAMES, pieceSvg } from './pieces.ts';
import { BoardPosition, FILES, START_FEN, type BoardMove, type PieceType } from './position.ts';
import { COLOR_NAMES, describeMoves, describeOutcome } from './speech.ts';
import { checkChessView } from './view-check.ts';
import { CHESS_TOOLS, LEGAL_MOVES_META_KEY, type ChessView, type Color, type LegalMove, type PgnView } from './view.ts';

/**
 * The one host transport a dialect bundle carries (server/build.ts). Local play (a plain page with a
 * `fen` and no server) exists only where the plain-page transport does, so the bundles inlined in
 * chat hosts leave LocalGame, and with it chess.js, out.
 */
declare const SKYLIT_TRANSPORT: TransportKind | undefined;
const PLAYS_LOCALLY = typeof SKYLIT_TRANSPORT === 'undefined' || SKYLIT_TRANSPORT === 'standalone';

/** `detail` of the `sky-move` event: the move just made and the position after it. */
export interface SkyMoveDetail {
  /** The square the piece left, e.g. `e2`. */
  from: string;
  /** The square it went to, e.g. `e4`. */
  to: string;
  /** The move in SAN, e.g. `e4`, `Nxf7+`. */
  san: string;
  /** The position after the move, as FEN. */
  fen: string;
}

/**
 * A chess board anyone can play in a chat: by mouse, touch, pen, keyboard or screen reader.
 *
 * @summary Renders the chess tools' view (see view.ts), refuses illegal moves before sending them
 * (from the legal moves the server sends in `_meta`), sends legal ones through the host with the game
 * version and an idempotency key, and speaks every move. On a plain page with no server, set `fen`
 * and both sides are played on the page.
 *
 * @attr fen - A position to show (and play locally) when no host data is given.
 * @attr new-game-tool - Tool name for a new game (default `chess_new_game`); likewise
 *   `get-game-tool`, `make-move-tool`, `resign-tool`, `get-pgn-tool`.
 * @attr poll-interval - In a game between two people, how often (ms) to fetch the other player's
 *   moves with `get-game-tool` (default 4000; 0 turns it off). Paused while the page is hidden,
 *   and refreshed at once when it is shown again.
 * @fires {CustomEvent<SkyMoveDetail>} sky-move - A move was made; `detail` is `{ from, to, san, fen }`.
 * @csspart board - The 8 × 8 grid.
 * @csspart square - Each square.
 * @csspart piece - Each piece.
 * @csspart controls - The move field and actions.
 * @csspart moves - The move list (fullscreen).
 * @csspart status - Whose move it is.
 * @csspart notice - Why the last move did not go through (until the next one).
 * @cssprop --sky-square-light - Light squares.
 * @cssprop --sky-square-dark - Dark squares.
 * @cssprop --sky-piece-white - White pieces.
 * @cssprop --sky-piece-black - Black pieces.
 * @cssprop --sky-highlight-last - Last-move squares.
 * @cssprop --sky-highlight-selected - The picked-up piece.
 * @cssprop --sky-highlight-check - The king in check.
 * @cssprop --sky-highlight-target - Legal targets.
 */
export class SkyChessBoard extends SkyWidgetElement {
  // Lit adds these to the properties of SkyWidgetElement.
  static override properties = {
    fen: {},
    newGameTool: { attribute: 'new-game-tool' },
    getGameTool: { attribute: 'get-game-tool' },
    makeMoveTool: { attribute: 'make-move-tool' },
    resignTool: { attribute: 'resign-tool' },
    getPgnTool: { attribute: 'get-pgn-tool' },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    selected: { state: true },
    focusSquare: { state: true },
    local: { state: true },
    promotion: { state: true },
    moveError: { state: true },
    notice: { state: true },
    confirmingResign: { state: true },
    pgn: { state: true },
  };
  static override styles = [...SkyWidgetElement.styles, boardStyles];

  /** A view that breaks the contract (view.ts) is never rendered; the board says what was wrong. */
  static override checkView(view: JsonObject): string | null {
    return checkChessView(view);
  }

  declare fen: string | undefined;
  declare newGameTool: string;
  declare getGameTool: string;
  declare makeMoveTool: string;
  declare resignTool: string;
  declare getPgnTool: string;
  declare pollInterval: number;
  /** The square whose piece is picked up. */
  protected declare selected: string | null;
  /** The square that holds the grid's tab stop. */
  protected declare focusSquare: string;
  /** The game when the board plays on its own (no host tools). */
  protected declare local: LocalGame | null;
  protected declare promotion: { from: string; to: string } | null;
  protected declare moveError: string;
  /** What the live region last said about a move that did not go through, kept visible until the next move. */
  protected declare notice: string;
  /** True while the resign dialog asks for confirmation. */
  protected declare confirmingResign: boolean;
  /** The whole game in PGN for the export, as the server last gave it (refreshed while the export is open). */
  protected declare pgn: { gameId: string; text: string } | null;

  /** A move is shown at once, sent with a version and an idempotency key, and rolled back unless confirmed. */
  readonly #move = new OptimisticWrite<{ view: ChessView; position: BoardPosition }>(this);
  /** The move whose sending failed (host or network), for its retry. */
  #unsent: { game: ChessView; position: BoardPosition; move: BoardMove } | null = null;
  readonly #start = new ToolCall(this);
  readonly #resignCall = new ToolCall(this);
  readonly #state = new WidgetState(this);
  /** In a game between two people: the other player's moves. */
  readonly #poll = new Poll(this, { interval: () => this.pollInterval, run: () => this.#refresh() });
  #spoken: { view: ChessView; position: BoardPosition } | null = null;
  #viewPosition: { view: unknown; meta: unknown; position: BoardPosition | null } | null = null;
  /** Where the focus goes back to when a dialog closes. */
  #opener: HTMLElement | null = null;
  readonly #drag = new PieceDrag({
    lift: (from) => (this.selected = from),
    drop: (from, to) => {
      this.selected = null;
      if (to && to !== from) void this.play(from, to);
    },
    squareAt: (x, y) => {
      // The cell itself, not whatever is on top: a piece still sliding over it belongs to another square.
      const cell = (this.renderRoot as ShadowRoot).elementsFromPoint(x, y).find((e) => e.getAttribute('role') === 'gridcell');
      return squareOf(cell ?? null);
    },
  });

  constructor() {
    super();
    this.newGameTool = CHESS_TOOLS.newGame;
    this.getGameTool = CHESS_TOOLS.getGame;
    this.makeMoveTool = CHESS_TOOLS.makeMove;
    this.resignTool = CHESS_TOOLS.resign;
    this.getPgnTool = CHESS_TOOLS.getPgn;
    this.pollInterval = 4000;
    this.selected = null;
    this.focusSquare = 'e2';
    this.local = null;
    this.promotion = null;
    this.notice = '';
    this.moveError = '';
    this.confirmingResign = false;
    this.pgn = null;
  }

  /** The local game (always null in a bundle without local play). */
  get #local(): LocalGame | null {
    return PLAYS_LOCALLY ? this.local : null;
  }

  /** The game on screen: an unconfirmed move, else the host's view, else the local game. */
  get game(): ChessView | null {
    return this.#move.pending?.view ?? (this.view as ChessView | null) ?? this.#local?.view ?? null;
  }

  /** The position on screen, with its legal moves when they are known. */
  get position(): BoardPosition | null {
    if (this.#move.pending) return this.#move.pending.position;
    if (!this.view) return this.#local?.position ?? null;
    const cached = this.#viewPosition;
    if (cached?.view !== this.view || cached.meta !== this.viewMeta) {
      const legal = this.viewMeta?.[LEGAL_MOVES_META_KEY];
      // The view passed checkView: its FEN is a string that parses.
      const position = BoardPosition.parse((this.view as unknown as ChessView).fen, Array.isArray(legal) ? (legal as LegalMove[]) : null);
      this.#viewPosition = { view: this.view, meta: this.viewMeta, position };
    }
    return this.#viewPosition!.position;
  }

  /** True when the board is turned so that black is at the bottom. */
  get flipped(): boolean {
    const game = this.game;
    return Boolean(this.#state.get('flipped')) !== (game ? this.#mySide(game) === 'b' : false);
  }

  /** Plays a move given as squares (what every input method ends in). Returns true if it was sent (or played locally). */
  async play(from: string, to: string, promotion?: PieceType): Promise<boolean> {
    const game = this.game;
    const position = this.position;
    if (!game || !position) return false;
    this.selected = null;
    if (this.#refuses(game)) return false;
    if (!promotion && position.needsPromotion(from, to)) {
      this.promotion = { from, to };
      return false;
    }
    const move = position.find(from, to, promotion);
    if (!move) {
      this.announce(`Illegal move: ${this.#labelOf(from, position)} cannot go to ${to}.`);
      return false;
    }
    return this.#commit(game, position, move);
  }

  /** Plays a move typed in SAN or UCI. */
  async playTyped(text: string): Promise<boolean> {
    const game = this.game;
    const position = this.position;
    if (!game || !position) return false;
    const move = position.readTyped(text);
    // Without the legal moves only UCI can be read here: SAN goes to the server as typed.
    const sendAsTyped = !move && position.legal === null && this.#usesTools() && text.trim() !== '';
    if (!move && !sendAsTyped) {
      const examples = position.examples().join(', ');
      this.moveError = `“${text.trim()}” is not a legal move here.${examples ? ` Try for example ${examples}.` : ''}`;
      this.announce(this.moveError);
      return false;
    }
    this.moveError = '';
    if (this.#refuses(game)) return false;
    return this.#commit(game, position, move ?? { from: '', to: '', uci: text.trim(), san: null });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#drag.cancel();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('pollInterval')) this.#poll.schedule();
    if (PLAYS_LOCALLY && changed.has('fen') && this.fen) {
      this.local = LocalGame.start(this.fen);
      if (!this.local) this.moveError = `The position “${this.fen}” is not a valid FEN.`;
    }
  }

  /** After each render: open a dialog just rendered, then speak and animate what changed. */
  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const chooser = this.#dialog('promotion');
    if (chooser && !chooser.open) this.#openDialog(chooser, '.choice');
    const resign = this.#dialog('resign');
    if (resign && !resign.open) this.#openDialog(resign, '.keep');
    // A move or a new game while the PGN export is open: the export follows it.
    if ((changed as Map<string, unknown>).has('view') && this.renderRoot.querySelector<HTMLDetailsElement>('.pgn')?.open) void this.#fetchPgn();
    const game = this.game;
    const position = this.position;
    if (!game || !position) return;
    const previous = this.#spoken?.view;
    if (previous && previous.fen !== game.fen && game.lastMove) this.#animate(game.lastMove.from, game.lastMove.to);
    this.#speak(game, position);
  }

  protected override renderEmpty(): TemplateResult {
    if (this.#local) return this.renderView();
    return emptyView('No game yet', 'Start a game, then play by clicking, dragging, typing a move or with the arrow keys.', {
      label: 'New game',
      onClick: () => void this.newGame(),
    });
  }

  protected override renderView(): TemplateResult {
    const game = this.game!;
    // Never null here: checkView refuses a view whose FEN does not parse, and local games are legal.
    const position = this.position!;
    const outcome = describeOutcome(game);
    const fullscreen = this.snapshot?.displayMode === 'fullscreen';
    const targets = this.selected ? position.targets(this.selected) : [];
    const flipped = this.flipped;
    const ranks = flipped ? [1, 2, 3, 4, 5, 6, 7, 8] : [8, 7, 6, 5, 4, 3, 2, 1];
    const files = flipped ? [...FILES].reverse() : FILES;
    return html`<div class="layout ${fullscreen ? 'fullscreen' : ''}">
      <div class="board-wrap">
        <div
          class="board"
          part="board"
          role="grid"
          aria-label="Chess board, ${COLOR_NAMES[game.turn]} to move${flipped ? ', black at the bottom' : ''}"
          aria-busy=${this.busy ? 'true' : 'false'}
          @click=${this.#onClick}
          @keydown=${this.#onKeyDown}
          @pointerdown=${this.#onPointerDown}
        >
          ${ranks.map((rank) => html`<div role="row" class="rank">${files.map((file) => this.#renderSquare(position, game, `${file}${rank}`, targets))}</div>`)}
        </div>
        <div class="coords files" aria-hidden="true">${files.map((file) => html`<span>${file}</span>`)}</div>
        <div class="coords ranks" aria-hidden="true">${ranks.map((rank) => html`<span>${rank}</span>`)}</div>
      </div>
      <div class="side" part="controls">
        ${outcome ? this.#renderOutcome(outcome, game) : this.#renderMoveField(game)}
        <div class="actions">
          <button class="sky-link" @click=${this.#flip}>Flip board</button>
          ${this.host?.capabilities.requestDisplayMode
            ? html`<button class="sky-link" @click=${() => void this.host!.requestDisplayMode(fullscreen ? 'inline' : 'fullscreen')}>
                ${fullscreen ? 'Exit full screen' : 'Full screen'}
              </button>`
            : nothing}
          ${game.status === 'active' && this.#usesTools() ? html`<button class="sky-link" @click=${this.#askResign}>Resign…</button>` : nothing}
        </div>
        ${fullscreen ? this.#renderHistory(game) : nothing}
      </div>
      ${this.promotion ? this.#renderPromotion(position.turn) : nothing} ${this.confirmingResign ? this.#renderResignDialog(game) : nothing}
    </div>`;
  }

  /** Starts a new game with the same players (through the host, or locally). */
  async newGame(): Promise<void> {
    const game = this.game;
    if (!this.#usesTools()) {
      if (PLAYS_LOCALLY) this.local = LocalGame.start(this.fen ?? START_FEN);
      return;
    }
    const side: Color = game?.players.w === 'computer' ? 'b' : 'w';
    const opponent = game && game.players.w === 'human' && game.players.b === 'human' ? 'human' : 'computer';
    const result = await this.#start.run(this.newGameTool, { side, opponent, requestId: newRequestId() });
    if (result?.isError) this.announce(this.#start.error ?? 'Could not start a new game.');
  }

  #renderSquare(position: BoardPosition, game: ChessView, square: string, targets: string[]): TemplateResult {
    const piece = position.get(square);
    const dark = (square.charCodeAt(0) + Number(square[1])) % 2 === 0;
    const last = game.lastMove && (game.lastMove.from === square || game.lastMove.to === square);
    const inCheck = game.check && piece?.type === 'k' && piece.color === game.turn;
    const target = targets.includes(square);
    const selected = this.selected === square;
    let classes = dark ? 'square dark' : 'square light';
    if (last) classes += ' last';
    if (inCheck) classes += ' check';
    if (selected) classes += ' selected';
    if (target) classes += ' target';
    return html`<div
      role="gridcell"
      part="square"
      class=${classes}
      data-square=${square}
      tabindex=${this.focusSquare === square ? 0 : -1}
      aria-selected=${selected ? 'true' : 'false'}
      aria-label=${this.#labelOf(square, position) + (target ? ', legal move' : '') + (inCheck ? ', in check' : '')}
    >
      ${piece ? pieceSvg(piece.color, piece.type) : nothing}
    </div>`;
  }

  /**
   * The move field. Not a <form>: a host frame sandboxed without `allow-forms` blocks a form's
   * submission before any submit event, so Enter and the button do the work themselves.
   */
  #renderMoveField(game: ChessView): TemplateResult {
    // Only between two people is "whose move" news (against the computer it is always yours).
    const mine = game.players.w === game.players.b ? this.#mySide(game) : null;
    const whose = mine ? (mine === game.turn ? ' · your move' : ` · you play ${COLOR_NAMES[mine]}, waiting for your opponent`) : '';
    const turn = `${COLOR_NAMES[game.turn]} to move${game.check ? ', in check' : ''}${whose}`;
    return html`<p class="status" part="status">${this.#move.pending ? `${turn} · sending…` : turn}</p>
      ${this.notice
        ? this.#unsent
          ? noticeView(this.notice, { label: 'Try again', onClick: () => void this.#retryMove() })
          : html`<p class="notice" part="notice">${this.notice}</p>`
        : nothing}
      <div class="move-form">
        <label for="move-input">Type a move</label>
        <div class="row">
          <input
            id="move-input"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            enterkeyhint="send"
            placeholder="e4, Nf3 or g1f3"
            aria-describedby=${this.moveError ? 'move-error' : nothing}
            aria-invalid=${this.moveError ? 'true' : 'false'}
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === 'Enter' && !event.isComposing) {
                event.preventDefault();
                this.#submitTyped();
              }
            }}
          />
          <button class="sky-button" type="button" @click=${this.#submitTyped}>Play</button>
        </div>
        ${this.moveError ? html`<p id="move-error" class="error">${this.moveError}</p>` : nothing}
      </div>`;
  }

  #renderOutcome(outcome: string, game: ChessView): TemplateResult {
    return html`<section class="outcome" aria-label="Game over">
      <p class="status"><strong>${outcome}</strong> ${halfMoves(game)} half-moves played.</p>
      <button class="sky-button" @click=${() => void this.newGame()}>New game</button>
    </section>`;
  }

  #renderHistory(game: ChessView): TemplateResult {
    const rows = moveRows(game);
    const earlier = halfMoves(game) - game.moves.length;
    // The whole game, from the server (the same text whatever the game's length); written here when
    // the board plays on its own. Until a refreshed one comes, the last one of this game stays.
    const pgn = PLAYS_LOCALLY && this.#local ? pgnOf(game) : this.pgn?.gameId === game.gameId ? this.pgn.text : null;
    return html`<h2 class="heading">Moves</h2>
      ${earlier > 0 ? html`<p class="notice">${earlier} earlier half-moves are in the PGN export.</p>` : nothing}
      <ol class="moves" part="moves" aria-label="Moves">
        ${rows.map((row) => html`<li value=${row.number}><span>${row.white}</span> <span>${row.black}</span></li>`)}
      </ol>
      <details class="pgn" @toggle=${(e: Event) => (e.target as HTMLDetailsElement).open && void this.#fetchPgn()}>
        <summary>PGN export</summary>
        ${pgn ? html`<textarea readonly rows="6" aria-label="Game in PGN" .value=${pgn}></textarea>` : html`<p>Loading the whole game…</p>`}
      </details>`;
  }

  #renderPromotion(color: Color): TemplateResult {
    const choose = (type: PieceType) => () => {
      const choice = this.promotion;
      this.#closeDialog('promotion', choice?.to);
      if (choice) void this.play(choice.from, choice.to, type);
    };
    return html`<dialog id="promotion" aria-labelledby="promotion-title" @cancel=${this.#cancelPromotion} @close=${this.#cancelPromotion}>
      <h2 id="promotion-title" class="heading">Promote the pawn to</h2>
      <div class="choices">
        ${(['q', 'r', 'b', 'n'] as const).map(
          (type) => html`<button class="choice" @click=${choose(type)}>${pieceSvg(color, type)}<span>${PIECE_NAMES[type]}</span></button>`,
        )}
      </div>
      <button class="sky-link" @click=${this.#cancelPromotion}>Cancel</button>
    </dialog>`;
  }

  #renderResignDialog(game: ChessView): TemplateResult {
    const side = this.#mySide(game) ?? game.turn;
    return html`<dialog id="resign" aria-labelledby="resign-title" @close=${this.#restoreFocus}>
      <h2 id="resign-title" class="heading">Resign this game?</h2>
      <p>${COLOR_NAMES[side]} resigns and ${COLOR_NAMES[other(side)]} wins. This cannot be undone.</p>
      <div class="row">
        <button class="sky-button danger" @click=${() => void this.#resign(side)}>Resign</button>
        <button class="sky-link keep" @click=${() => this.#closeDialog('resign')}>Keep playing</button>
      </div>
    </dialog>`;
  }

  /** Speaks what changed since the last spoken game: new moves, a new game, or a game that ended without a move. */
  #speak(game: ChessView, position: BoardPosition): void {
    const previous = this.#spoken;
    this.#spoken = { view: game, position };
    if (!previous) return;
    const before = previous.view;
    if (before.fen === game.fen) {
      // Same position: only a game ended without a move (a resignation) is news.
      const outcome = before.gameId === game.gameId && game.status !== before.status && describeOutcome(game);
      if (outcome) this.announce(outcome);
      return;
    }
    let words: string[];
    const added = movesSince(before, game);
    if (added) words = describeMoves(previous.position, added, game.lastMove);
    else if (before.gameId !== game.gameId) {
      const mine = this.#mySide(game);
      words = [`New game. ${mine ? `You play ${COLOR_NAMES[mine].toLowerCase()}.` : `${COLOR_NAMES[game.turn]} to move.`}`];
    } else return; // A rollback or a conflict announces itself; an unknown move is said when confirmed.
    const outcome = describeOutcome(game);
    if (outcome && outcome !== describeOutcome(before)) {
      // "…, checkmate" has just been said: only the winner is news.
      words.push(words.at(-1)?.endsWith('checkmate') && game.winner ? `${COLOR_NAMES[game.winner]} wins.` : outcome);
    }
    this.announce(words.join('. ') + (words.at(-1)!.endsWith('.') ? '' : '.'));
  }

  async #commit(game: ChessView, position: BoardPosition, move: BoardMove): Promise<boolean> {
    this.moveError = '';
    this.notice = '';
    if (move.to) this.focusSquare = move.to;
    if (!this.#usesTools()) {
      const local = this.local;
      if (!PLAYS_LOCALLY || !local) {
        this.announce('This host does not let the board send moves.');
        return false;
      }
      local.play(move);
      this.requestUpdate('local');
      const { lastMove, fen } = local.view;
      this.#moved(move, lastMove!.san, fen);
      return true;
    }
    const shown = optimistic(game, position, move);
    const status = await this.#move.write(this.makeMoveTool, { gameId: game.gameId, move: move.uci, expectedVersion: game.version }, shown);
    return this.#settle(status, game, position, move);
  }

  /** Tells the page a move was made (`sky-move`). */
  #moved(move: BoardMove, san: string | undefined, fen: string): void {
    const detail: SkyMoveDetail = { from: move.from, to: move.to, san: san ?? move.uci, fen };
    this.dispatchEvent(new CustomEvent('sky-move', { detail, bubbles: true, composed: true }));
  }

  /** Sends again the move whose sending failed (the same idempotency key: it never plays twice). */
  async #retryMove(): Promise<void> {
    const unsent = this.#unsent;
    if (unsent) this.#settle(await this.#move.resend(), unsent.game, unsent.position, unsent.move);
  }

  /** Says and shows how a move's write ended. */
  #settle(status: WriteStatus, game: ChessView, position: BoardPosition, move: BoardMove): boolean {
    const said = move.san ?? move.uci;
    this.#unsent = null;
    switch (status) {
      case 'written': {
        const now = this.game;
        this.#claimSeat(game, position.turn);
        this.#moved(move, move.san ?? now?.lastMove?.san, now?.fen ?? game.fen);
        return true;
      }
      case 'conflict': {
        // The current game is the view now (the write controller adopted it).
        const current = this.view as unknown as ChessView;
        this.#spoken = { view: current, position: this.position! };
        this.notice = `The game changed elsewhere; this is the current position. Your move ${said} was not played.`;
        this.announce(`The game changed elsewhere; showing the current position. ${COLOR_NAMES[current.turn]} to move.`);
        return false;
      }
      case 'refused':
        this.notice = `Move ${said} not accepted: ${this.#move.error}`;
        this.announce(this.notice);
        this.#spoken = { view: game, position };
        return false;
      case 'failed':
        this.#unsent = { game, position, move };
        this.notice = `Move ${said} was not sent: ${this.#move.error}`;
        this.#spoken = { view: game, position };
        return false;
    }
  }

  async #resign(side: Color): Promise<void> {
    this.#closeDialog('resign');
    const game = this.game!;
    const result = await this.#resignCall.run(this.resignTool, { gameId: game.gameId, side, expectedVersion: game.version, requestId: newRequestId() });
    if (result?.isError) this.announce(`Could not resign: ${this.#resignCall.error ?? 'the server refused it.'}`);
  }

  /** The whole game in PGN from the server (widget-only tool), for the export. */
  async #fetchPgn(): Promise<void> {
    const game = this.game;
    if (!game || this.#local) return;
    const result = this.host?.capabilities.callTool ? await this.host.callTool(this.getPgnTool, { gameId: game.gameId }).catch(() => null) : null;
    const pgn = (result?.structuredContent as PgnView | null | undefined)?.pgn;
    if (result && !result.isError && typeof pgn === 'string') this.pgn = { gameId: game.gameId, text: pgn };
    else this.announce('The whole game could not be loaded for the export. Try again.');
  }

  async #refresh(): Promise<void> {
    const game = this.view as ChessView | null;
    const bothHuman = game?.players.w === 'human' && game.players.b === 'human';
    if (!game || !bothHuman || game.status !== 'active' || this.busy || this.#move.pending || !this.host?.capabilities.callTool) return;
    // In the background: no busy state, and a failed refresh waits for the next one.
    const result = await this.host.callTool(this.getGameTool, { gameId: game.gameId }).catch(() => null);
    const fresh = result?.structuredContent as ChessView | null | undefined;
    if (fresh && !result!.isError && fresh.version > ((this.view as ChessView | null)?.version ?? -1) && !this.#move.pending) {
      this.adoptView(fresh as unknown as JsonObject, result!._meta);
    }
  }

  /** A click on a square: a real mouse's or pen's click, a tap, or a screen reader's activation. */
  #onClick = (event: MouseEvent) => {
    const square = squareOf(event.target);
    if (!square || this.#drag.dragging) return;
    this.focusSquare = square;
    this.#activate(square);
  };

  #activate(square: string): void {
    const game = this.game;
    const position = this.position;
    if (!game || !position) return;
    const piece = position.get(square);
    const movable = piece && piece.color === position.turn;
    if (this.selected && this.selected !== square && !movable) {
      void this.play(this.selected, square);
    } else if (this.selected === square) {
      this.selected = null;
      this.announce('Move cancelled.');
    } else if (movable) {
      if (this.#refuses(game)) return;
      this.selected = square;
      const targets = position.targets(square);
      this.announce(targets.length ? `${this.#labelOf(square, position)} picked up. ${targets.length} legal moves: ${targets.join(', ')}.` : `${this.#labelOf(square, position)} has no legal moves.`);
    } else if (piece) {
      this.announce(`${this.#labelOf(square, position)}. It is ${COLOR_NAMES[position.turn]}'s move.`);
    }
  }

  #onKeyDown = (event: KeyboardEvent) => {
    const square = squareOf(event.target);
    if (!square) return;
    const next = nextSquare(square, event, this.flipped);
    if (next) {
      event.preventDefault();
      this.focusSquare = next;
      void this.updateComplete.then(() => this.#cell(next)?.focus());
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#activate(square);
    } else if (event.key === 'Escape' && this.selected) {
      event.preventDefault();
      this.selected = null;
      this.announce('Move cancelled.');
    }
  };

  #onPointerDown = (event: PointerEvent) => {
    const square = squareOf(event.target);
    const game = this.game;
    const piece = square && this.position?.get(square);
    if (!square || !game || !piece || !event.isPrimary || event.button !== 0) return;
    if (piece.color !== this.position!.turn || this.#whyNot(game)) return;
    this.#drag.press(event, square, event.currentTarget as HTMLElement, this.#cell(square)!, this.renderRoot);
  };

  #submitTyped = () => {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#move-input');
    if (!input) return;
    void this.playTyped(input.value).then((ok) => {
      if (ok) input.value = '';
    });
  };

  #flip = () => {
    void this.#state.update({ flipped: !this.#state.get('flipped') });
    this.announce(this.flipped ? 'Board flipped: black at the bottom.' : 'Board flipped: white at the bottom.');
  };

  #askResign = () => {
    this.#opener = (this.renderRoot as ShadowRoot).activeElement as HTMLElement | null;
    this.confirmingResign = true;
  };

  #cancelPromotion = () => {
    const choice = this.promotion;
    if (!choice) return;
    this.promotion = null;
    this.#closeDialog('promotion', choice.from);
    this.announce('Promotion cancelled.');
  };

  #animate(from: string, to: string): void {
    const duration = motionDuration(this);
    const source = this.#cell(from);
    const target = this.#cell(to);
    const piece = target?.querySelector('svg');
    if (!duration || !source || !target || !piece) return;
    const a = source.getBoundingClientRect();
    const b = piece.getBoundingClientRect();
    // Each square is its own stacking context (layout containment): lift the one whose piece slides.
    // Inline style, not a class: the template owns the class attribute and may rewrite it mid-slide.
    target.style.zIndex = '2';
    const slide = piece.animate([{ transform: `translate(${a.left - b.left}px, ${a.top - b.top}px)` }, { transform: 'none' }], { duration, easing: 'ease-out' });
    void slide.finished.catch(() => undefined).then(() => target.style.removeProperty('z-index'));
  }

  /**
   * Opens a dialog and moves the focus into it by code: an `autofocus` attribute is blocked (with a
   * console error) in the cross-origin frames chat hosts use. The focus goes back when it closes.
   */
  #openDialog(dialog: HTMLDialogElement, focus: string): void {
    this.#opener ??= (this.renderRoot as ShadowRoot).activeElement as HTMLElement | null;
    dialog.showModal();
    dialog.querySelector<HTMLElement>(focus)?.focus();
  }

  /** Closes a dialog; the focus goes to `square`'s cell, else back where it was before the dialog. */
  #closeDialog(id: string, square?: string): void {
    const dialog = this.#dialog(id);
    // Not rendered any more from the next update on (set now: an update may come before 'close').
    if (id === 'promotion') this.promotion = null;
    else this.confirmingResign = false;
    if (square) {
      this.focusSquare = square;
      this.#opener = null;
      void this.updateComplete.then(() => this.#cell(square)?.focus());
    }
    if (dialog?.open) dialog.close();
  }

  #restoreFocus = () => {
    this.confirmingResign = false;
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) opener.focus();
    else this.#cell(this.focusSquare)?.focus();
  };

  #dialog(id: string): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>(`#${id}`);
  }

  #cell(square: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-square="${square}"]`);
  }

  #labelOf(square: string, position: BoardPosition): string {
    const piece = position.get(square);
    return piece ? `${square}, ${COLOR_NAMES[piece.color].toLowerCase()} ${PIECE_NAMES[piece.type]}` : `${square}, empty`;
  }

  #usesTools(): boolean {
    return Boolean(this.host?.capabilities.callTool) && !this.#local;
  }

  /** True, after saying why, when the person at this board cannot move now. */
  #refuses(game: ChessView): boolean {
    const why = this.#whyNot(game);
    if (why) this.announce(why);
    return Boolean(why);
  }

  /** Why the person at this board cannot move now, or null when they can. */
  #whyNot(game: ChessView): string | null {
    if (game.status !== 'active') return 'The game is over.';
    if (this.#move.pending) return 'Wait: your last move is still being sent.';
    if (game.players[game.turn] === 'computer') return `It is ${COLOR_NAMES[game.turn]}'s turn, played by the computer.`;
    const mine = this.#mySide(game);
    if (mine && mine !== game.turn) return `It is ${COLOR_NAMES[game.turn]}'s move: waiting for your opponent. You play ${COLOR_NAMES[mine]}.`;
    return null;
  }

  /**
   * The side the person at this board plays, or null when it is not known (yet). Against the
   * computer: the human side. On a plain page (no tools): both, so null. Between two people: the
   * seat kept in widget state for this game; else the side they asked for when starting it
   * (the tool input of chess_new_game); else unknown until their first move claims it. This keeps a
   * player to their own pieces; it is not security (the server cannot tell players apart).
   */
  #mySide(game: ChessView): Color | null {
    if (game.players.w === 'computer') return 'b';
    if (game.players.b === 'computer') return 'w';
    if (!this.#usesTools()) return null;
    const seat = this.#state.get<{ gameId?: unknown; side?: unknown }>('seat');
    if (seat?.gameId === game.gameId && (seat.side === 'w' || seat.side === 'b')) return seat.side;
    const input = this.snapshot?.toolInput;
    if (input && !('gameId' in input) && (input.side === 'w' || input.side === 'b')) return input.side;
    return null;
  }

  /** Keeps the side of this board's player in widget state, from their first move in a game between two people. */
  #claimSeat(game: ChessView, side: Color): void {
    const seat = this.#state.get<{ gameId?: unknown }>('seat');
    if (game.players.w !== 'human' || game.players.b !== 'human' || seat?.gameId === game.gameId) return;
    void this.#state.update({ seat: { gameId: game.gameId, side } });
  }
}

function squareOf(target: EventTarget | null): string | null {
  return (target as Element | null)?.closest?.('[data-square]')?.getAttribute('data-square') ?? null;
}

/** The game as it will be once the server accepts `move`: shown at once, rolled back if refused. */
function optimistic(game: ChessView, position: BoardPosition, move: BoardMove): { view: ChessView; position: BoardPosition } {
  if (!move.from) return { view: game, position: BoardPosition.parse(game.fen, [])! }; // typed SAN, squares unknown
  const after = position.after(move);
  const view: ChessView = { ...game, fen: after.fen, turn: after.turn, lastMove: { from: move.from, to: move.to, san: move.san ?? move.uci } };
  if (move.san) {
    Object.assign(view, { moves: [...game.moves, move.san], moveCount: halfMoves(game) + 1, check: /[+#]$/.test(move.san) });
  }
  return { view, position: after };
}

/**
 * The moves `now` has that `before` had not (in order), or null when `now` is not `before` plus
 * moves (another game, a rollback). Views may carry only their last moves: the overlap must agree.
 */
function movesSince(before: ChessView, now: ChessView): string[] | null {
  if (before.gameId !== now.gameId) return null;
  const added = halfMoves(now) - halfMoves(before);
  if (added <= 0 || added > now.moves.length) return null;
  const overlap = Math.min(before.moves.length, now.moves.length - added);
  for (let i = 1; i <= overlap; i++) {
    if (before.moves[before.moves.length - i] !== now.moves[now.moves.length - added - i]) return null;
  }
  return now.moves.slice(now.moves.length - added);
}
