import { css } from 'lit';

export const boardStyles = css`
  :host {
    --sky-square-light: light-dark(#eeeed2, #a9a48f);
    --sky-square-dark: light-dark(#769656, #5c7349);
    --sky-piece-white: #ffffff;
    --sky-piece-white-line: #1f1f1f;
    --sky-piece-black: #2b2b2b;
    --sky-piece-black-line: #000000;
    --sky-piece-black-detail: #e8e8e8;
    --sky-highlight-last: rgb(255 214 0 / 0.45);
    --sky-highlight-selected: rgb(20 85 200 / 0.5);
    --sky-highlight-target: rgb(20 30 60 / 0.35);
    --sky-highlight-check: rgb(220 30 30 / 0.75);
    container-type: inline-size;
  }
  .layout {
    display: grid;
    gap: var(--sky-space);
  }
  /* Fullscreen gives the board the space: as large as the frame allows with the status and move
     field below it (portrait), or beside the moves (landscape). The frame is the viewport here. */
  .layout.fullscreen {
    padding: var(--sky-space);
    --sky-board-fullscreen: min(100%, calc(100dvh - 2 * var(--sky-space) - 8rem));
  }
  .layout.fullscreen .board-wrap {
    width: var(--sky-board-fullscreen);
    justify-self: center;
  }
  @media (min-aspect-ratio: 5 / 4) {
    .layout.fullscreen {
      grid-template-columns: auto minmax(14rem, 1fr);
      align-items: start;
      --sky-board-fullscreen: min(calc(100dvh - 2 * var(--sky-space)), calc(100vw - 3 * var(--sky-space) - 14rem));
    }
  }
  .notice {
    margin: 0;
    font-size: 0.9em;
    color: var(--sky-color-text-muted);
  }
  .board-wrap {
    position: relative;
    /* Square, as wide as the widget, never taller than the host allows with the controls below (no inner scroll). */
    width: min(100%, calc(var(--sky-max-height, 100000px) - 9rem));
    min-width: 10rem;
    justify-self: start;
  }
  .board {
    display: grid;
    /* Percentage tracks: fixed by the board's size, so no square's content is ever measured. */
    grid-template-rows: repeat(8, 12.5%);
    aspect-ratio: 1;
    border-radius: var(--sky-radius-small);
    overflow: hidden;
    touch-action: none;
    user-select: none;
    -webkit-user-select: none;
  }
  .rank {
    display: grid;
    grid-template-columns: repeat(8, 12.5%);
  }
  .square {
    position: relative;
    min-width: 0;
    /* A square's size comes from the grid, never from its piece: a changed piece relays out only its
       square (about 30% less time per position update). Not paint: a sliding piece leaves its square. */
    contain: size layout;
    background: var(--sky-square-light);
    cursor: pointer;
  }
  .square.dark {
    background: var(--sky-square-dark);
  }
  .square.last {
    box-shadow: inset 0 0 0 100vmax var(--sky-highlight-last);
  }
  .square.selected {
    box-shadow: inset 0 0 0 100vmax var(--sky-highlight-selected);
  }
  .square.check {
    background-image: radial-gradient(circle, var(--sky-highlight-check) 0 45%, transparent 72%);
  }
  .square.target::after {
    content: '';
    position: absolute;
    inset: 35%;
    border-radius: 50%;
    background: var(--sky-highlight-target);
  }
  .square:focus-visible {
    outline: 3px solid var(--sky-color-focus);
    outline-offset: -3px;
    z-index: 1;
  }

  .coords {
    position: absolute;
    inset: 0;
    display: grid;
    font: 600 clamp(0.5rem, 2.2cqi, 0.75rem) / 1 var(--sky-font);
    color: var(--sky-coord-color, rgb(0 0 0 / 0.6));
    pointer-events: none;
  }
  .coords.files {
    grid-template-columns: repeat(8, 1fr);
    align-items: end;
    justify-items: end;
    padding: 0 3px 2px 0;
  }
  .coords.ranks {
    grid-template-rows: repeat(8, 1fr);
    padding: 2px 0 0 3px;
  }
  /* Paint set on the piece, inherited by its paths: the body is filled and outlined, the detail
     strokes only outlined (the detail colour on black pieces). Bodies are closed paths (no caps) and
     details single segments (no joins), so round caps and joins can apply to both. */
  .piece {
    position: absolute;
    inset: 6%;
    width: 88%;
    height: 88%;
    pointer-events: none;
    stroke-width: 1.5;
    stroke-linejoin: round;
    stroke-linecap: round;
  }
  .piece-w {
    fill: var(--sky-piece-white);
    stroke: var(--sky-piece-white-line);
  }
  .piece-b {
    fill: var(--sky-piece-black);
    stroke: var(--sky-piece-black-line);
  }
  .piece-detail {
    fill: none;
  }
  .piece-b .piece-detail {
    stroke: var(--sky-piece-black-detail);
  }
  .ghost {
    position: fixed;
    left: 0;
    top: 0;
    z-index: 10;
    pointer-events: none;
  }
  .side {
    display: grid;
    gap: calc(var(--sky-space) * 0.75);
    align-content: start;
  }
  .status,
  .heading {
    margin: 0;
  }
  .heading {
    font-size: var(--sky-font-size-heading);
  }
  .move-form {
    display: grid;
    gap: 0.25rem;
  }
  .move-form label {
    font-size: var(--sky-font-size-small);
    color: var(--sky-color-text-muted);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  input {
    flex: 1;
    min-width: 8rem;
    min-height: 2.25rem;
    padding: 0 0.625rem;
    font: inherit;
    color: inherit;
    background: var(--sky-color-surface);
    border: 1px solid var(--sky-color-border);
    border-radius: var(--sky-radius-small);
  }
  .error {
    margin: 0;
    color: var(--sky-color-danger);
    font-size: var(--sky-font-size-small);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  /* The shared link button (state-views.ts), at the size of the controls. */
  .sky-link {
    font-size: var(--sky-font-size-small);
  }
  .danger {
    background: var(--sky-color-danger);
  }
  .outcome {
    display: grid;
    gap: 0.5rem;
  }
  .moves {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(7rem, 1fr));
    gap: 0.125rem 0.75rem;
    margin: 0;
    padding-left: 1.75rem;
    font-family: var(--sky-font-mono);
    font-size: var(--sky-font-size-small);
  }
  .pgn textarea {
    width: 100%;
    box-sizing: border-box;
    font: var(--sky-font-size-small) / 1.4 var(--sky-font-mono);
    color: inherit;
    background: var(--sky-color-surface-raised);
    border: 1px solid var(--sky-color-border);
    border-radius: var(--sky-radius-small);
  }
  dialog {
    color: var(--sky-color-text);
    background: var(--sky-color-surface);
    border: 1px solid var(--sky-color-border);
    border-radius: var(--sky-radius);
    box-shadow: var(--sky-shadow);
  }
  dialog p {
    margin: 0.75rem 0;
  }
  .choices {
    display: grid;
    grid-template-columns: repeat(4, 4.5rem);
    gap: 0.5rem;
    margin: 0.75rem 0;
  }
  .choice {
    display: grid;
    justify-items: center;
    padding: 0.25rem;
    font: inherit;
    font-size: var(--sky-font-size-small);
    color: inherit;
    text-transform: capitalize;
    background: var(--sky-color-surface-raised);
    border: 1px solid var(--sky-color-border);
    border-radius: var(--sky-radius-small);
    cursor: pointer;
  }
  .choice .piece {
    position: static;
    width: 3rem;
    height: 3rem;
  }
  /*
   * Forced colours (Windows high contrast): the board draws itself with the user's system colours
   * instead of letting them flatten it. Dark squares are hatched, white pieces are Canvas outlined in
   * CanvasText and black pieces the reverse, and every highlight is a shape, not a tint: the selected
   * square a thick frame, the last move a dashed frame, the king in check a double frame, legal
   * targets a dot, the focus an outline.
   */
  @media (forced-colors: active) {
    .board {
      forced-color-adjust: none;
      outline: 1px solid CanvasText;
      --sky-square-light: Canvas;
      --sky-square-dark: Canvas;
      --sky-piece-white: Canvas;
      --sky-piece-white-line: CanvasText;
      --sky-piece-black: CanvasText;
      --sky-piece-black-line: Canvas;
      --sky-piece-black-detail: Canvas;
    }
    .square.dark {
      background-image: repeating-linear-gradient(135deg, CanvasText 0 1px, transparent 1px 6px);
    }
    .square.last {
      box-shadow: none;
    }
    .square.last::before {
      content: '';
      position: absolute;
      inset: 2px;
      border: 2px dashed CanvasText;
    }
    .square.check {
      background-image: none;
      box-shadow: inset 0 0 0 2px CanvasText, inset 0 0 0 4px Canvas, inset 0 0 0 6px CanvasText;
    }
    .square.selected {
      box-shadow: inset 0 0 0 6px Highlight;
    }
    .square.check.selected {
      box-shadow: inset 0 0 0 6px Highlight, inset 0 0 0 8px Canvas, inset 0 0 0 10px CanvasText;
    }
    .square.target::after {
      background: Highlight;
      border: 2px solid Canvas;
    }
    .square:focus-visible {
      outline: 3px solid CanvasText;
      outline-offset: -3px;
    }
    .coords {
      color: CanvasText;
    }
  }
`;
