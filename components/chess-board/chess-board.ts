import type { Chess, Move, Square } from 'chess.js';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { emptyView } from '../base/state-views.ts';
import { motionDuration } from '../base/tokens.ts';
import { SkyWidgetElement } from '../base/widget-element.ts';
import { newRequestId, resultText } from '../host/results.ts';
import type { JsonObject } from '../host/types.ts';
import { boardStyles } from './chess-board.styles.ts';
import { FILES, needsPromotion, other, parseTypedMove, pgnOf, positionOf, START_FEN, viewOf } from './game.ts';
import { nextSquare } from './keyboard.ts';
import { PIECE_NAMES, pieceSvg, type PieceType } from './pieces.ts';
import { COLOR_NAMES, describeMove, describeOutcome } from './speech.ts';
import { CHESS_TOOLS, CONFLICT_META_KEY, type ChessView, type Color } from './view.ts';

/**
 * A chess board anyone can play in a chat: by mouse, touch, keyboard or screen reader.
 *
 * @summary Renders the chess tools' view (see view.ts), refuses illegal moves locally, sends legal
 * ones through the host with the game version and an idempotency key, and speaks every move.
 * On a plain page with no server, set `fen` and both sides are played on the page.
 *
 * @attr fen - A position to show (and play locally) when no host data is given.
 * @attr new-game-tool - Tool name for a new game (default `chess_new_game`); likewise
 *   `get-game-tool`, `make-move-tool`, `resign-tool`.
 * @attr poll-interval - In a game between two people, how often (ms) to fetch the other player's
 *   moves with `get-game-tool` (default 4000; 0 turns it off). Paused while the page is hidden,
 *   and refreshed at once when it is shown again.
 * @fires sky-move - A move was made; `detail` is `{ from, to, san, fen }`.
 * @csspart board - The 8 × 8 grid. @csspart square - Each square. @csspart piece - Each piece.
 * @csspart controls - The move field and actions. @csspart moves - The move list (fullscreen).
 * @csspart status - Whose move it is. @csspart notice - Why the last move did not go through (until the next one).
 * @cssprop --sky-square-light - Light squares. @cssprop --sky-square-dark - Dark squares.
 * @cssprop --sky-piece-white - White pieces. @cssprop --sky-piece-black - Black pieces.
 * @cssprop --sky-highlight-last - Last-move squares. @cssprop --sky-highlight-selected - The picked-up piece.
 * @cssprop --sky-highlight-check - The king in check. @cssprop --sky-highlight-target - Legal targets.
 */
export class SkyChessBoard extends SkyWidgetElement {
  static override properties = {
    ...SkyWidgetElement.properties,
    fen: {},
    newGameTool: { attribute: 'new-game-tool' },
    getGameTool: { attribute: 'get-game-tool' },
    makeMoveTool: { attribute: 'make-move-tool' },
    resignTool: { attribute: 'resign-tool' },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    selected: { state: true },
    focusSquare: { state: true },
    pending: { state: true },
    local: { state: true },
    promotion: { state: true },
    moveError: { state: true },
    notice: { state: true },
  };
  static override styles = [...SkyWidgetElement.styles, boardStyles];

  declare fen: string | undefined;
  declare newGameTool: string;
  declare getGameTool: string;
  declare makeMoveTool: string;
  declare resignTool: string;
  declare pollInterval: number;
  /** The square whose piece is picked up. */
  protected declare selected: Square | null;
  /** The square that holds the grid's tab stop. */
  protected declare focusSquare: Square;
  /** A move shown before the server confirms it (rolled back if refused). */
  protected declare pending: ChessView | null;
  /** The game when the board plays on its own (no host tools). */
  protected declare local: { view: ChessView; chess: Chess } | null;
  protected declare promotion: { from: Square; to: Square } | null;
  protected declare moveError: string;
  /** What the live region last said about a move that did not go through, kept visible until the next move. */
  protected declare notice: string;

  #spoken: ChessView | null = null;
  #drag: { from: Square; pointerId: number; ghost: HTMLElement; moved: boolean } | null = null;
  #poll: ReturnType<typeof setInterval> | undefined;
  #positions = new Map<string, Chess | null>();

  constructor() {
    super();
    this.newGameTool = CHESS_TOOLS.newGame;
    this.getGameTool = CHESS_TOOLS.getGame;
    this.makeMoveTool = CHESS_TOOLS.makeMove;
    this.resignTool = CHESS_TOOLS.resign;
    this.pollInterval = 4000;
    this.selected = null;
    this.focusSquare = 'e2';
    this.pending = null;
    this.local = null;
    this.promotion = null;
    this.notice = '';
    this.moveError = '';
  }

  /** The game on screen: an unconfirmed move, else the host's view, else the local game. */
  get game(): ChessView | null {
    return this.pending ?? (this.view as ChessView | null) ?? this.local?.view ?? null;
  }

  /** True when the board is turned so that black is at the bottom. */
  get flipped(): boolean {
    const game = this.game;
    return Boolean(this.snapshot?.widgetState?.flipped) !== (game ? this.#mySide(game) === 'b' : false);
  }

  /** Plays a move given as squares (what every input method ends in). Returns true if it was legal. */
  async play(from: Square, to: Square, promotion?: PieceType): Promise<boolean> {
    const game = this.game;
    const chess = game && this.#position(game.fen);
    if (!game || !chess) return false;
    this.selected = null;
    const refused = this.#whyNot(game);
    if (refused) {
      this.announce(refused);
      return false;
    }
    if (!promotion && needsPromotion(chess, from, to)) {
      this.promotion = { from, to };
      return false;
    }
    let move: Move;
    try {
      move = chess.move({ from, to, promotion: promotion ?? 'q' });
      chess.undo();
    } catch {
      this.announce(`Illegal move: ${this.#labelOf(from)} cannot go to ${to}.`);
      return false;
    }
    return this.#commit(game, move);
  }

  /** Plays a move typed in SAN or UCI. */
  async playTyped(text: string): Promise<boolean> {
    const game = this.game;
    const chess = game && this.#position(game.fen);
    if (!game || !chess) return false;
    const move = parseTypedMove(chess, text);
    if (!move) {
      const examples = chess.moves().slice(0, 5).join(', ');
      this.moveError = `“${text.trim()}” is not a legal move here.${examples ? ` Try for example ${examples}.` : ''}`;
      this.announce(this.moveError);
      return false;
    }
    this.moveError = '';
    return this.#canMove(game) ? this.#commit(game, move) : this.play(move.from, move.to);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#schedulePoll();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    clearInterval(this.#poll);
    this.#poll = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('pollInterval')) this.#schedulePoll();
    if (changed.has('fen') && this.fen) {
      const chess = positionOf(this.fen);
      this.local = chess ? { chess, view: viewOf(chess, { gameId: 'local', players: { w: 'human', b: 'human' }, version: 0, moves: [] }) } : null;
      if (!chess) this.moveError = `The position “${this.fen}” is not a valid FEN.`;
    }
  }

  /** After each render: open the promotion chooser if asked, then speak and animate what changed. */
  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const promotion = this.#dialog('promotion');
    if (this.promotion && promotion && !promotion.open) promotion.showModal();
    const game = this.game;
    const previous = this.#spoken;
    if (!game) return;
    if (previous && previous.fen !== game.fen && game.lastMove) this.#animate(game.lastMove.from, game.lastMove.to);
    this.#speak(game);
  }

  protected override renderEmpty(): TemplateResult {
    if (this.local) return this.renderView();
    return emptyView('No game yet', 'Start a game, then play by clicking, dragging, typing a move or with the arrow keys.', {
      label: 'New game',
      onClick: () => void this.newGame(),
    });
  }

  protected override renderView(): TemplateResult {
    const game = this.game!;
    const chess = this.#position(game.fen);
    if (!chess) return emptyView('This position cannot be shown', `The game sent an invalid position (${game.fen}).`);
    const outcome = describeOutcome(game);
    const fullscreen = this.snapshot?.displayMode === 'fullscreen';
    return html`<div class="layout ${fullscreen ? 'fullscreen' : ''}">
      <div class="board-wrap">
        <div
          class="board"
          part="board"
          role="grid"
          aria-label="Chess board, ${COLOR_NAMES[game.turn]} to move${this.flipped ? ', black at the bottom' : ''}"
          aria-busy=${this.busy ? 'true' : 'false'}
          @click=${this.#onClick}
          @keydown=${this.#onKeyDown}
          @pointerdown=${this.#onPointerDown}
        >
          ${this.#ranks().map(
            (rank) => html`<div role="row" class="rank">${this.#files().map((file) => this.#renderSquare(chess, game, `${file}${rank}` as Square))}</div>`,
          )}
        </div>
        <div class="coords files" aria-hidden="true">${this.#files().map((file) => html`<span>${file}</span>`)}</div>
        <div class="coords ranks" aria-hidden="true">${this.#ranks().map((rank) => html`<span>${rank}</span>`)}</div>
      </div>
      <div class="side" part="controls">
        ${outcome ? this.#renderOutcome(outcome) : this.#renderMoveForm(game)}
        <div class="actions">
          <button class="link" @click=${this.#flip}>Flip board</button>
          ${this.host?.capabilities.requestDisplayMode
            ? html`<button class="link" @click=${() => void this.host!.requestDisplayMode(fullscreen ? 'inline' : 'fullscreen')}>
                ${fullscreen ? 'Exit full screen' : 'Full screen'}
              </button>`
            : nothing}
          ${game.status === 'active' && this.#usesTools() ? html`<button class="link" @click=${this.#askResign}>Resign…</button>` : nothing}
        </div>
        ${fullscreen ? this.#renderHistory(game) : nothing}
      </div>
      ${this.#renderPromotion(game.turn)} ${this.#renderResignDialog(game)}
    </div>`;
  }

  /** Starts a new game with the same players (through the host, or locally). */
  async newGame(): Promise<void> {
    const game = this.game;
    if (!this.#usesTools()) {
      const chess = positionOf(this.fen ?? START_FEN)!;
      this.local = { chess, view: viewOf(chess, { gameId: 'local', players: { w: 'human', b: 'human' }, version: 0, moves: [] }) };
      return;
    }
    const side: Color = game?.players.w === 'computer' ? 'b' : 'w';
    const opponent = game && game.players.w === 'human' && game.players.b === 'human' ? 'human' : 'computer';
    const result = await this.callTool(this.newGameTool, { side, opponent, requestId: newRequestId() });
    if (result?.isError) this.announce(resultText(result) || 'Could not start a new game.');
  }

  #renderSquare(chess: Chess, game: ChessView, square: Square): TemplateResult {
    const piece = chess.get(square);
    const fileIndex = FILES.indexOf(square[0] as (typeof FILES)[number]);
    const rank = Number(square[1]);
    const dark = (fileIndex + rank) % 2 === 1;
    const last = game.lastMove && (game.lastMove.from === square || game.lastMove.to === square);
    const inCheck = game.check && piece?.type === 'k' && piece.color === game.turn;
    const target = this.selected && this.#targets(chess).includes(square);
    const classes = ['square', dark ? 'dark' : 'light', last ? 'last' : '', inCheck ? 'check' : '', this.selected === square ? 'selected' : '', target ? 'target' : ''];
    return html`<div
      role="gridcell"
      part="square"
      class=${classes.filter(Boolean).join(' ')}
      data-square=${square}
      tabindex=${this.focusSquare === square ? 0 : -1}
      aria-selected=${this.selected === square ? 'true' : 'false'}
      aria-label=${this.#labelOf(square, chess) + (target ? ', legal move' : '') + (inCheck ? ', in check' : '')}
    >
      ${piece ? pieceSvg(piece.color, piece.type) : nothing}
    </div>`;
  }

  #renderMoveForm(game: ChessView): TemplateResult {
    // Only between two people is "whose move" news (against the computer it is always yours).
    const mine = game.players.w === game.players.b ? this.#mySide(game) : null;
    const whose = mine ? (mine === game.turn ? ' · your move' : ` · you play ${COLOR_NAMES[mine]}, waiting for your opponent`) : '';
    const turn = `${COLOR_NAMES[game.turn]} to move${game.check ? ', in check' : ''}${whose}`;
    return html`<p class="status" part="status">${this.pending ? `${turn} · sending…` : turn}</p>
      ${this.notice ? html`<p class="notice" part="notice">${this.notice}</p>` : nothing}
      <form class="move-form" @submit=${this.#onSubmit}>
        <label for="move-input">Type a move</label>
        <div class="row">
          <input
            id="move-input"
            name="move"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            placeholder="e4, Nf3 or g1f3"
            aria-describedby=${this.moveError ? 'move-error' : nothing}
            aria-invalid=${this.moveError ? 'true' : 'false'}
          />
          <button class="sky-button" type="submit">Play</button>
        </div>
        ${this.moveError ? html`<p id="move-error" class="error">${this.moveError}</p>` : nothing}
      </form>`;
  }

  #renderOutcome(outcome: string): TemplateResult {
    return html`<section class="outcome" aria-label="Game over">
      <p class="status"><strong>${outcome}</strong> ${this.game!.moves.length} half-moves played.</p>
      <button class="sky-button" @click=${() => void this.newGame()}>New game</button>
    </section>`;
  }

  #renderHistory(game: ChessView): TemplateResult {
    const pairs: string[][] = [];
    game.moves.forEach((san, i) => (i % 2 === 0 ? pairs.push([san]) : pairs.at(-1)!.push(san)));
    return html`<h2 class="heading">Moves</h2>
      <ol class="moves" part="moves" aria-label="Moves">
        ${pairs.map(([white, black]) => html`<li><span>${white}</span> <span>${black ?? ''}</span></li>`)}
      </ol>
      <details class="pgn">
        <summary>PGN export</summary>
        <textarea readonly rows="6" aria-label="Game in PGN" .value=${pgnOf(game)}></textarea>
        <button class="link" @click=${this.#copyPgn}>Copy PGN</button>
      </details>`;
  }

  #renderPromotion(color: Color): TemplateResult {
    const choose = (type: PieceType) => () => {
      const choice = this.promotion;
      this.#closeDialog('promotion');
      if (choice) void this.play(choice.from, choice.to, type);
    };
    return html`<dialog id="promotion" aria-labelledby="promotion-title" @cancel=${this.#cancelPromotion} @close=${this.#cancelPromotion}>
      <h2 id="promotion-title" class="heading">Promote the pawn to</h2>
      <div class="choices">
        ${(['q', 'r', 'b', 'n'] as const).map(
          (type) => html`<button class="choice" @click=${choose(type)}>${pieceSvg(color, type)}<span>${PIECE_NAMES[type]}</span></button>`,
        )}
      </div>
      <button class="link" @click=${() => this.#closeDialog('promotion')}>Cancel</button>
    </dialog>`;
  }

  #renderResignDialog(game: ChessView): TemplateResult {
    const side = this.#humanSide(game);
    return html`<dialog id="resign" aria-labelledby="resign-title">
      <h2 id="resign-title" class="heading">Resign this game?</h2>
      <p>${COLOR_NAMES[side]} resigns and ${COLOR_NAMES[other(side)]} wins. This cannot be undone.</p>
      <div class="row">
        <button class="sky-button danger" @click=${() => void this.#resign(side)}>Resign</button>
        <button class="link" autofocus @click=${() => this.#closeDialog('resign')}>Keep playing</button>
      </div>
    </dialog>`;
  }

  #speak(game: ChessView): void {
    const previous = this.#spoken;
    this.#spoken = game;
    if (!previous) return;
    const words: string[] = [];
    if (previous.fen === game.fen) {
      // Same position: only a game ended without a move (a resignation) is news.
      const outcome = previous.gameId === game.gameId && game.status !== previous.status && describeOutcome(game);
      if (outcome) this.announce(outcome);
      return;
    }
    const extends_ = previous.gameId === game.gameId && game.moves.length > previous.moves.length && previous.moves.every((m, i) => game.moves[i] === m);
    if (extends_) {
      const replay = positionOf(previous.fen);
      for (const san of game.moves.slice(previous.moves.length)) {
        try {
          const move = replay!.move(san);
          words.push(describeMove(move, replay!));
        } catch {
          break;
        }
      }
    } else if (previous.gameId !== game.gameId) {
      const mine = this.#mySide(game);
      words.push(`New game. ${mine ? `You play ${COLOR_NAMES[mine].toLowerCase()}.` : `${COLOR_NAMES[game.turn]} to move.`}`);
    } else {
      return; // A rollback or a conflict announces itself.
    }
    const outcome = describeOutcome(game);
    if (outcome && outcome !== describeOutcome(previous)) {
      // "…, checkmate" has just been said: only the winner is news.
      words.push(words.at(-1)?.endsWith('checkmate') && game.winner ? `${COLOR_NAMES[game.winner]} wins.` : outcome);
    }
    if (words.length) this.announce(words.join('. ') + (words.at(-1)!.endsWith('.') ? '' : '.'));
  }

  async #commit(game: ChessView, move: Move): Promise<boolean> {
    this.moveError = '';
    this.notice = '';
    this.focusSquare = move.to;
    if (!this.#usesTools()) {
      const chess = this.local?.view === game ? this.local.chess : positionOf(game.fen)!;
      chess.move(move.san);
      const view = viewOf(chess, { ...game, version: game.version + 1 }, move);
      this.local = { chess, view };
      this.dispatchEvent(new CustomEvent('sky-move', { detail: { from: move.from, to: move.to, san: move.san, fen: view.fen }, bubbles: true, composed: true }));
      return true;
    }
    const chess = positionOf(game.fen)!;
    chess.move(move.san);
    const args = { gameId: game.gameId, move: move.lan, expectedVersion: game.version, requestId: newRequestId() };
    this.pending = viewOf(chess, game, move);
    let result: Awaited<ReturnType<typeof this.callTool>>;
    try {
      result = await this.callTool(this.makeMoveTool, args);
    } finally {
      this.pending = null; // Whatever happens, the optimistic move never stays on the board unconfirmed.
    }
    if (!result) return false; // The error view says what failed and offers a retry (same request id).
    if (result.isError) {
      if (result._meta?.[CONFLICT_META_KEY] && result.structuredContent) {
        this.view = result.structuredContent;
        this.#spoken = result.structuredContent as unknown as ChessView;
        this.notice = `The game changed elsewhere; this is the current position. Your move ${move.san} was not played.`;
        this.announce(`The game changed elsewhere; showing the current position. ${COLOR_NAMES[(this.view as unknown as ChessView).turn]} to move.`);
      } else {
        this.notice = `Move ${move.san} not accepted: ${resultText(result) || 'the server refused it.'}`;
        this.announce(this.notice);
        this.#spoken = game;
      }
      return false;
    }
    this.#claimSeat(game, move.color);
    this.dispatchEvent(new CustomEvent('sky-move', { detail: { from: move.from, to: move.to, san: move.san, fen: chess.fen() }, bubbles: true, composed: true }));
    return true;
  }

  async #resign(side: Color): Promise<void> {
    this.#closeDialog('resign');
    const game = this.game!;
    const result = await this.callTool(this.resignTool, { gameId: game.gameId, side, expectedVersion: game.version, requestId: newRequestId() });
    if (result?.isError) this.announce(`Could not resign: ${resultText(result) || 'the server refused it.'}`);
  }

  #schedulePoll(): void {
    clearInterval(this.#poll);
    this.#poll = undefined;
    if (this.isConnected && this.pollInterval > 0) this.#poll = setInterval(() => void this.#refresh(), this.pollInterval);
  }

  /** Back from a hidden tab: catch up at once instead of waiting for the next tick. */
  #onVisibility = () => {
    if (!document.hidden) void this.#refresh();
  };

  async #refresh(): Promise<void> {
    const game = this.view as ChessView | null;
    const bothHuman = game?.players.w === 'human' && game.players.b === 'human';
    if (!game || !bothHuman || game.status !== 'active' || document.hidden || this.busy || this.pending || !this.host?.capabilities.callTool) return;
    const result = await this.host.callTool(this.getGameTool, { gameId: game.gameId }).catch(() => null);
    const fresh = result?.structuredContent as ChessView | null | undefined;
    if (fresh && !result!.isError && fresh.version > ((this.view as ChessView | null)?.version ?? -1) && !this.pending) this.view = fresh as unknown as JsonObject;
  }

  #onClick = (event: MouseEvent) => {
    const square = squareOf(event.target);
    if (!square || this.#drag?.moved) return;
    this.focusSquare = square;
    this.#activate(square);
  };

  #activate(square: Square): void {
    const game = this.game;
    const chess = game && this.#position(game.fen);
    if (!game || !chess) return;
    const piece = chess.get(square);
    if (this.selected && this.selected !== square && !(piece && piece.color === game.turn)) {
      void this.play(this.selected, square);
    } else if (this.selected === square) {
      this.selected = null;
      this.announce('Move cancelled.');
    } else if (piece && piece.color === game.turn) {
      const refused = this.#whyNot(game);
      if (refused) return this.announce(refused);
      this.selected = square;
      const targets = this.#targets(chess);
      this.announce(targets.length ? `${this.#labelOf(square, chess)} picked up. ${targets.length} legal moves: ${targets.join(', ')}.` : `${this.#labelOf(square, chess)} has no legal moves.`);
    } else if (piece) {
      this.announce(`${this.#labelOf(square, chess)}. It is ${COLOR_NAMES[game.turn]}'s move.`);
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
    const chess = game && this.#position(game.fen);
    if (!square || !chess || event.button !== 0) return;
    const piece = chess.get(square);
    if (!piece || piece.color !== game.turn || !this.#canMove(game)) return;
    const cell = this.#cell(square)!;
    const ghost = cell.querySelector('svg')!.cloneNode(true) as HTMLElement;
    ghost.classList.add('ghost');
    const size = cell.getBoundingClientRect().width;
    ghost.style.width = ghost.style.height = `${size}px`;
    this.#drag = { from: square, pointerId: event.pointerId, ghost, moved: false };
    const board = event.currentTarget as HTMLElement;
    try {
      board.setPointerCapture(event.pointerId);
    } catch {
      // The pointer is already gone (released before we got here): a plain click follows.
    }
    const move = (e: PointerEvent) => {
      const drag = this.#drag;
      if (!drag || e.pointerId !== drag.pointerId) return;
      if (!drag.moved) {
        drag.moved = true;
        this.selected = square;
        this.renderRoot.append(ghost);
      }
      ghost.style.transform = `translate(${e.clientX - size / 2}px, ${e.clientY - size / 2}px)`;
    };
    const end = (e: PointerEvent) => {
      board.removeEventListener('pointermove', move);
      board.removeEventListener('pointerup', end);
      board.removeEventListener('pointercancel', end);
      const drag = this.#drag;
      ghost.remove();
      if (!drag?.moved) {
        this.#drag = null;
        return;
      }
      const target = e.type === 'pointerup' ? this.#squareAt(e.clientX, e.clientY) : null;
      // Keep `moved` until the click that follows pointerup has been ignored.
      setTimeout(() => (this.#drag = null));
      this.selected = null;
      if (target && target !== drag.from) void this.play(drag.from, target);
    };
    board.addEventListener('pointermove', move);
    board.addEventListener('pointerup', end);
    board.addEventListener('pointercancel', end);
  };

  #onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('move') as HTMLInputElement;
    void this.playTyped(input.value).then((ok) => {
      if (ok) input.value = '';
    });
  };

  #flip = () => {
    const state = this.snapshot?.widgetState ?? {};
    const flipped = !state.flipped;
    void this.host?.setWidgetState({ ...state, flipped }).catch(() => undefined);
    this.announce(this.flipped ? 'Board flipped: black at the bottom.' : 'Board flipped: white at the bottom.');
  };

  #askResign = () => this.#dialog('resign')?.showModal();

  #cancelPromotion = () => {
    const choice = this.promotion;
    if (!choice) return;
    this.promotion = null;
    this.#closeDialog('promotion');
    this.announce('Promotion cancelled.');
    void this.updateComplete.then(() => this.#cell(choice.from)?.focus());
  };

  #copyPgn = () => {
    void navigator.clipboard?.writeText(pgnOf(this.game!)).then(
      () => this.announce('PGN copied.'),
      () => this.announce('Copying is blocked here; select the PGN text instead.'),
    );
  };

  #animate(from: string, to: string): void {
    const duration = motionDuration(this);
    const source = this.#cell(from as Square);
    const target = this.#cell(to as Square);
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

  #closeDialog(id: string): void {
    const dialog = this.#dialog(id);
    if (id === 'promotion') this.promotion = null;
    if (dialog?.open) dialog.close();
  }

  #dialog(id: string): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>(`#${id}`);
  }

  #cell(square: Square): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-square="${square}"]`);
  }

  #squareAt(x: number, y: number): Square | null {
    // The cell itself, not whatever is on top: a piece still sliding over it belongs to another square.
    const cell = (this.renderRoot as ShadowRoot).elementsFromPoint(x, y).find((e) => e.getAttribute('role') === 'gridcell');
    return squareOf(cell ?? null);
  }

  #position(fen: string): Chess | null {
    // On a plain page the local game already holds this position: no second parse per update.
    if (this.local?.view.fen === fen) return this.local.chess;
    if (!this.#positions.has(fen)) {
      if (this.#positions.size > 64) this.#positions.clear();
      this.#positions.set(fen, positionOf(fen));
    }
    return this.#positions.get(fen)!;
  }

  #targets(chess: Chess): Square[] {
    return this.selected ? chess.moves({ square: this.selected, verbose: true }).map((m) => m.to) : [];
  }

  #labelOf(square: Square, chess = this.#position(this.game?.fen ?? START_FEN)): string {
    const piece = chess?.get(square);
    return piece ? `${square}, ${COLOR_NAMES[piece.color].toLowerCase()} ${PIECE_NAMES[piece.type]}` : `${square}, empty`;
  }

  #ranks(): number[] {
    return this.flipped ? [1, 2, 3, 4, 5, 6, 7, 8] : [8, 7, 6, 5, 4, 3, 2, 1];
  }

  #files(): string[] {
    return this.flipped ? [...FILES].reverse() : [...FILES];
  }

  #usesTools(): boolean {
    return Boolean(this.host?.capabilities.callTool) && !this.local;
  }

  #canMove(game: ChessView): boolean {
    return !this.#whyNot(game);
  }

  /** Why the person at this board cannot move now, or null when they can. */
  #whyNot(game: ChessView): string | null {
    if (game.status !== 'active') return 'The game is over.';
    if (this.pending) return 'Wait: your last move is still being sent.';
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
    const seat = this.snapshot?.widgetState?.seat as { gameId?: unknown; side?: unknown } | undefined;
    if (seat?.gameId === game.gameId && (seat.side === 'w' || seat.side === 'b')) return seat.side;
    const input = this.snapshot?.toolInput;
    if (input && !('gameId' in input) && (input.side === 'w' || input.side === 'b')) return input.side;
    return null;
  }

  /** Keeps the side of this board's player in widget state, from their first move in a game between two people. */
  #claimSeat(game: ChessView, side: Color): void {
    const state = this.snapshot?.widgetState ?? {};
    const seat = state.seat as { gameId?: unknown } | undefined;
    if (game.players.w !== 'human' || game.players.b !== 'human' || seat?.gameId === game.gameId) return;
    void this.host?.setWidgetState({ ...state, seat: { gameId: game.gameId, side } }).catch(() => undefined);
  }

  #humanSide(game: ChessView): Color {
    return this.#mySide(game) ?? game.turn;
  }
}

function squareOf(target: EventTarget | null): Square | null {
  const cell = (target as Element | null)?.closest?.('[data-square]');
  return (cell?.getAttribute('data-square') as Square | undefined) ?? null;
}
