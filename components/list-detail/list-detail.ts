import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { checkField, fieldStyles, renderField, serverErrors, shownValue } from '../base/fields.ts';
import { OptimisticWrite } from '../base/optimistic-write.ts';
import { emptyView, loadingView, noticeView } from '../base/state-views.ts';
import { ToolCall } from '../base/tool-call.ts';
import { WidgetState } from '../base/widget-state.ts';
import { SkyWidgetElement } from '../base/widget-element.ts';
import { newRequestId } from '../host/results.ts';
import type { JsonObject, ToolResult } from '../host/types.ts';
import { listDetailStyles } from './list-detail.styles.ts';
import { checkListDetailView } from './view-check.ts';
import { LIST_DETAIL_TOOLS, type FieldSpec, type FieldValue, type ListDetailView, type ListFilter, type ListItem, type ListRecord } from './view.ts';

type Values = Record<string, FieldValue>;

/** `detail` of `sky-select`: the record opened. */
export interface SkySelectDetail {
  id: string;
}

/** `detail` of `sky-save`: the record saved, with its values as saved. */
export interface SkySaveDetail {
  id: string;
  values: Record<string, FieldValue>;
}

/** The draft key of a record not created yet. */
const NEW = 'new';
/** Drafts kept at once (widget state is capped at 16 KB). */
const MAX_DRAFTS = 5;
/** Below this width the detail replaces the list. */
const NARROW = 600;

/** What the list holds: its rows, and how they were asked for. */
interface ListState {
  items: ListItem[];
  total: number;
  nextCursor: string | null;
  filter: ListFilter;
}

/**
 * A list of records with a detail view, for any kind of record, driven by its tools' view (view.ts).
 *
 * @summary A listbox (one tab stop, arrows, Home/End, type-ahead) with a filter and "Load more";
 * the open record beside it when there is room and in its place on a narrow chat column (Back returns
 * focus to the row); edits kept as drafts in widget state while typing; saves shown at once and rolled
 * back with the reason if refused; a conflicting edit shown value by value with a choice; deletes
 * asked first. Every change is announced.
 *
 * @attr list-tool - Tool that lists (default `tasks_list`).
 * @attr get-tool - Tool that opens one record (default `task_get`).
 * @attr create-tool - Tool that adds a record (default `task_create`).
 * @attr update-tool - Tool that saves a record (default `task_update`).
 * @attr delete-tool - Tool that deletes a record (default `task_delete`).
 * @attr page-size - Rows per page (default 10 inline, 50 in full screen).
 * @fires {CustomEvent<SkySelectDetail>} sky-select - A record was opened.
 * @fires {CustomEvent<SkySaveDetail>} sky-save - A record was saved.
 * @csspart list - The listbox.
 * @csspart item - Each row.
 * @csspart detail - The open record.
 * @csspart filter - The filter field.
 * @csspart badge - A status badge.
 * @cssprop --sky-list-detail-split - Width of the list beside the detail (default 40%).
 */
export class SkyListDetail extends SkyWidgetElement {
  static override properties = {
    ...SkyWidgetElement.properties,
    listTool: { attribute: 'list-tool' },
    getTool: { attribute: 'get-tool' },
    createTool: { attribute: 'create-tool' },
    updateTool: { attribute: 'update-tool' },
    deleteTool: { attribute: 'delete-tool' },
    pageSize: { type: Number, attribute: 'page-size' },
    list: { state: true },
    record: { state: true },
    creating: { state: true },
    activeId: { state: true },
    errors: { state: true },
    conflict: { state: true },
    asking: { state: true },
    narrow: { state: true },
  };
  static override styles = [...SkyWidgetElement.styles, fieldStyles, listDetailStyles];

  static override checkView(view: JsonObject): string | null {
    return checkListDetailView(view);
  }

  declare listTool: string;
  declare getTool: string;
  declare createTool: string;
  declare updateTool: string;
  declare deleteTool: string;
  declare pageSize: number | undefined;
  /** The rows on screen (from the last list result), or null before any. */
  protected declare list: ListState | null;
  /** The open record, or null. */
  protected declare record: ListRecord | null;
  /** True while the form for a new record is open. */
  protected declare creating: boolean;
  /** The row that holds the list's tab stop. */
  protected declare activeId: string | null;
  /** What to fix, by field (the user's check or the server's refusal). */
  protected declare errors: Record<string, string>;
  /** A save refused because the record changed elsewhere: the server's record is `record`, the user's values these. */
  protected declare conflict: Values | null;
  /** A question open in a dialog: delete this record, or leave unsaved edits. */
  protected declare asking: { kind: 'delete' } | { kind: 'leave'; then: (go: boolean) => void } | null;
  protected declare narrow: boolean;

  readonly #load = new ToolCall(this, { view: false });
  readonly #more = new ToolCall(this, { view: false });
  readonly #open = new ToolCall(this, { view: false });
  readonly #save = new OptimisticWrite<{ id: string; values: Values }>(this);
  readonly #delete = new ToolCall(this, { view: false });
  readonly #state = new WidgetState(this);
  /** The selection and draft of the last visit are brought back once, when the first view arrives. */
  #restored = false;
  #typed = '';
  #typedAt = 0;
  #filterTimer: ReturnType<typeof setTimeout> | undefined;
  #returnTo: string | null = null;
  #size = new ResizeObserver(([entry]) => (this.narrow = (entry?.contentRect.width ?? NARROW) < NARROW));

  constructor() {
    super();
    this.listTool = LIST_DETAIL_TOOLS.list;
    this.getTool = LIST_DETAIL_TOOLS.get;
    this.createTool = LIST_DETAIL_TOOLS.create;
    this.updateTool = LIST_DETAIL_TOOLS.update;
    this.deleteTool = LIST_DETAIL_TOOLS.delete;
    this.list = null;
    this.record = null;
    this.creating = false;
    this.activeId = null;
    this.errors = {};
    this.conflict = null;
    this.asking = null;
    this.narrow = false;
  }

  /** The view's words and fields (every result carries them). */
  get contract(): ListDetailView | null {
    return this.view as unknown as ListDetailView | null;
  }

  /** The values on screen for the open record: the draft being edited, else the record's. */
  get values(): Values {
    const key = this.creating ? NEW : this.record?.id;
    const draft = key ? (this.#drafts()[key] as Values | undefined) : undefined;
    return { ...(this.creating ? this.#blank() : this.record?.values), ...draft };
  }

  /** True when the open record has edits not saved. */
  get unsaved(): boolean {
    const key = this.creating ? NEW : this.record?.id;
    const draft = key ? (this.#drafts()[key] as Values | undefined) : undefined;
    if (!draft || !this.contract) return false;
    const saved = this.creating ? this.#blank() : (this.record?.values ?? {});
    return changedFields(this.contract.fields, { ...saved, ...draft }, saved).length > 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#size.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#size.disconnect();
  }

  /** Loads the list (the first page, with `filter`). */
  async load(filter: ListFilter = this.list?.filter ?? {}): Promise<void> {
    const result = await this.#load.run(this.listTool, { ...clean(filter), limit: this.#pageSize() });
    if (result && !result.isError) {
      this.#absorb(result.structuredContent as unknown as ListDetailView);
      const { total } = this.list!;
      this.announce(total ? `${countOf(this.contract!, total)} ${filter.text || filter.status ? 'match' : 'loaded'}.` : this.#noneText());
    }
  }

  /** Opens a record (asking first when the open one has unsaved edits). */
  async openRecord(id: string): Promise<void> {
    if (this.record?.id === id && !this.creating) return this.#focusDetail();
    if (!(await this.#mayLeave())) return;
    const result = await this.#open.run(this.getTool, { id });
    if (result && !result.isError) this.#opened(result);
  }

  /** Opens the record of the last visit; one that is gone meanwhile is forgotten, drafts and all, without a word. */
  async #reopen(id: string): Promise<void> {
    const result = await this.#open.run(this.getTool, { id });
    if (result && !result.isError) return this.#opened(result);
    if (result?.isError) {
      this.#open.clear();
      await this.#forget(id, { selectedId: undefined });
    }
  }

  /** A record opened: shown, selected, said, and focused. */
  #opened(result: ToolResult): void {
    this.#absorb(result.structuredContent as unknown as ListDetailView);
    const id = this.record!.id;
    this.creating = false;
    this.activeId = id;
    this.#returnTo = id;
    void this.#state.update({ selectedId: id });
    const restored = this.#drafts()[id] ? ' Your unsaved changes are back.' : '';
    this.announce(`Opened ${this.#title(this.values)}.${restored}`);
    this.dispatchEvent(new CustomEvent<SkySelectDetail>('sky-select', { detail: { id }, bubbles: true, composed: true }));
    this.#focusDetail();
  }

  /** Saves the open record (or creates the new one): shown at once, rolled back if refused. */
  async save(): Promise<boolean> {
    const contract = this.contract;
    if (!contract || this.#save.pending) return false;
    const values = this.values;
    this.errors = {};
    for (const field of contract.fields) {
      const problem = checkField(field, values[field.name]);
      if (problem) this.errors[field.name] = problem;
    }
    if (Object.keys(this.errors).length) return this.#sayErrors();
    const creating = this.creating;
    const record = this.record;
    const id = creating ? NEW : record!.id;
    const args = creating
      ? { values }
      : { id, values: this.#changedValues(values, record!.values), expectedVersion: record!.version };
    const status = await this.#save.write(creating ? this.createTool : this.updateTool, args, { id, values });
    switch (status) {
      case 'written': {
        const saved = (this.view as unknown as ListDetailView).selected!;
        this.#absorb(this.view as unknown as ListDetailView);
        this.creating = false;
        this.conflict = null;
        this.errors = {};
        this.#returnTo = this.activeId = saved.id;
        await this.#forget(id, { selectedId: saved.id });
        this.announce(creating ? `Added ${this.#title(saved.values)}.` : 'Saved.');
        this.dispatchEvent(new CustomEvent<SkySaveDetail>('sky-save', { detail: { id: saved.id, values: saved.values }, bubbles: true, composed: true }));
        void this.#refresh();
        return true;
      }
      case 'conflict':
        // The server's record is the view now; the user's values stay in the draft, side by side.
        this.#absorb(this.view as unknown as ListDetailView);
        this.conflict = values;
        void this.#refresh();
        this.announce(`${this.#title(this.record!.values)} changed elsewhere while you edited it. Compare the values and choose which to keep.`);
        return false;
      case 'refused':
        this.errors = serverErrors(this.#save.error ?? '', contract.fields, 'values.').errors;
        if (Object.keys(this.errors).length) return this.#sayErrors();
        this.announce(`Not saved: ${this.#save.error}`);
        return false;
      default:
        return false;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // With a record open, the width decides the layout: measured now too, since a frame the host keeps
    // in the background (no rendering yet) gets no resize callback until it is shown.
    if (this.record || this.creating) {
      const width = this.getBoundingClientRect().width;
      if (width) this.narrow = width < NARROW;
    }
    // A result from the host (or one this element adopted) is absorbed: its rows, its record.
    if ((changed as Map<string, unknown>).has('view') && this.view) this.#absorb(this.view as unknown as ListDetailView);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog');
    if (dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('.safe')?.focus();
    }
    // Focus is never lost: a row that went away hands it to the list.
    if (this.matches(':focus-within') && !(this.renderRoot as ShadowRoot).activeElement) this.#focusRow(this.activeId);
    if (!this.view || !this.host?.capabilities.callTool) return;
    // A result with a record but no rows (the model opened one): the list comes too.
    if (!this.list && !this.#load.running && !this.#load.result && !this.#load.error) void this.load();
    this.#restore();
  }

  /** Brings back what the user had open on the last visit (a reload, or the host rendering again). */
  #restore(): void {
    if (this.#restored || !this.list) return;
    this.#restored = true;
    const selected = this.#state.get<string>('selectedId');
    if (selected && this.record?.id !== selected) void this.#reopen(selected);
    else if (!selected && !this.record && this.#drafts()[NEW]) {
      this.creating = true;
      this.announce(`Your unsaved new ${this.contract!.noun.one} is back.`);
    }
  }

  protected override renderLoading(): TemplateResult {
    return html`<div class="layout"><section class="list-pane">${loadingView('Loading the list…', 5)}</section></div>`;
  }

  protected override renderView(): TemplateResult {
    const contract = this.contract!;
    const open = this.creating || this.record !== null;
    return html`<div class="layout ${open ? 'has-detail' : ''} ${this.narrow ? 'narrow' : ''} ${this.snapshot?.displayMode === 'fullscreen' ? 'fullscreen' : ''}">
      ${this.#renderList(contract)} ${open ? this.#renderDetail(contract) : nothing} ${this.#renderDialog(contract)}
    </div>`;
  }

  #renderList(contract: ListDetailView): TemplateResult {
    const list = this.list;
    const filter = list?.filter ?? {};
    const heading = `${contract.title}${list ? ` (${list.total})` : ''}`;
    return html`<section class="list-pane" aria-labelledby="list-title">
      <div class="list-head">
        <h2 id="list-title" class="heading">${heading}</h2>
        <button class="sky-button" @click=${this.#startNew}>Add ${contract.noun.one}</button>
      </div>
      <div class="filters" role="search">
        <label class="sky-visually-hidden" for="filter-text">Filter ${contract.noun.other}</label>
        <input id="filter-text" part="filter" type="search" placeholder="Filter ${contract.noun.other}" .value=${filter.text ?? ''} @input=${this.#onFilterText} @keydown=${this.#onFilterKey} />
        ${contract.statuses?.length
          ? html`<label class="sky-visually-hidden" for="filter-status">Status</label>
              <select id="filter-status" @change=${(e: Event) => void this.load({ ...filter, status: (e.target as HTMLSelectElement).value })}>
                <option value="" ?selected=${!filter.status}>Any status</option>
                ${contract.statuses.map((s) => html`<option value=${s.value} ?selected=${s.value === filter.status}>${s.label}</option>`)}
              </select>`
          : nothing}
      </div>
      ${this.#load.error ? noticeView(this.#load.error, { label: 'Try again', onClick: () => void this.#load.retry() }) : nothing}
      ${this.#open.error && !this.record && !this.creating
        ? noticeView(`Could not open it: ${this.#open.error}`, { label: 'Try again', onClick: () => this.#open.retry().then((r) => r && !r.isError && this.#opened(r)) })
        : nothing}
      ${list ? this.#renderRows(contract, list) : loadingView('Loading the list…', 5)}
    </section>`;
  }

  #renderRows(contract: ListDetailView, list: ListState): TemplateResult {
    if (!list.items.length) {
      const filtered = Boolean(list.filter.text || list.filter.status);
      return filtered
        ? emptyView(this.#noneText(), 'Try other words, or clear the filter.', { label: 'Clear the filter', onClick: () => void this.load({}) })
        : emptyView(`No ${contract.noun.other} yet`, `Add the first ${contract.noun.one}; it will appear here.`);
    }
    const active = list.items.some((item) => item.id === this.activeId) ? this.activeId : list.items[0]!.id;
    const pending = this.#save.pending;
    return html`<ul class="list" part="list" role="listbox" aria-labelledby="list-title" aria-busy=${this.#load.running ? 'true' : 'false'} @keydown=${this.#onListKey} @click=${this.#onListClick}>
        ${list.items.map((item) => {
          const title = pending?.id === item.id ? this.#title(pending.values) : item.title;
          return html`<li
            role="option"
            part="item"
            id="item-${item.id}"
            data-id=${item.id}
            tabindex=${item.id === active ? 0 : -1}
            aria-selected=${this.record?.id === item.id && !this.creating ? 'true' : 'false'}
          >
            <span class="item-title">${title}</span>
            ${item.status ? html`<span class="badge ${item.status.tone ?? 'neutral'}" part="badge">${item.status.label}</span>` : nothing}
            ${item.subtitle ? html`<span class="item-sub">${item.subtitle}</span>` : nothing}
          </li>`;
        })}
      </ul>
      ${list.nextCursor
        ? html`<button class="sky-link more" ?disabled=${this.#more.running} @click=${this.#loadMore}>Load more ${contract.noun.other} (${list.items.length} of ${list.total})</button>`
        : nothing}
      ${this.#more.error ? noticeView(this.#more.error, { label: 'Try again', onClick: () => void this.#loadMore() }) : nothing}`;
  }

  #renderDetail(contract: ListDetailView): TemplateResult {
    const values = this.values;
    const title = this.creating ? `New ${contract.noun.one}` : this.#title(values);
    const fullscreen = this.snapshot?.displayMode === 'fullscreen';
    const busy = this.#save.pending !== null;
    return html`<section class="detail" part="detail" aria-labelledby="detail-title">
      <div class="detail-head">
        <button class="sky-link" @click=${this.#close}>${this.narrow ? `Back to ${contract.noun.other}` : 'Close'}</button>
        ${!fullscreen && this.host?.capabilities.requestDisplayMode
          ? html`<button class="sky-link" @click=${() => void this.host!.requestDisplayMode('fullscreen')}>Open in full screen</button>`
          : nothing}
      </div>
      <h2 id="detail-title" class="heading" tabindex="-1">${title}</h2>
      ${this.unsaved && !this.conflict ? html`<p class="hint">Unsaved changes (kept while you are away).</p>` : nothing}
      ${this.conflict ? this.#renderConflict(contract) : nothing}
      <div class="fields" @keydown=${this.#onFieldKey}>
        ${contract.fields.map((field) => renderField(field, values[field.name] ?? null, this.errors[field.name], (value) => this.#edit(field.name, value as FieldValue)))}
      </div>
      ${this.#save.error && !this.conflict && !Object.keys(this.errors).length
        ? noticeView(`Not saved: ${this.#save.error}`, this.#save.pending === null ? { label: 'Try again', onClick: () => void this.#resave() } : undefined)
        : nothing}
      <div class="actions">
        <button class="sky-button" ?disabled=${busy} @click=${() => void this.save()}>${busy ? 'Saving…' : this.creating ? `Add ${contract.noun.one}` : 'Save'}</button>
        ${this.creating ? nothing : html`<button class="sky-link danger" @click=${() => (this.asking = { kind: 'delete' })}>Delete…</button>`}
      </div>
    </section>`;
  }

  #renderConflict(contract: ListDetailView): TemplateResult {
    const theirs = this.record!.values;
    const mine = this.conflict!;
    return html`<div class="conflict" role="group" aria-labelledby="conflict-title">
      <p id="conflict-title"><strong>This ${contract.noun.one} changed elsewhere while you edited it.</strong></p>
      <table>
        <thead><tr><th scope="col">Field</th><th scope="col">Yours</th><th scope="col">Saved now</th></tr></thead>
        <tbody>
          ${changedFields(contract.fields, mine, theirs).map(
            (field) => html`<tr><th scope="row">${field.label}</th><td>${shownValue(field, mine[field.name])}</td><td>${shownValue(field, theirs[field.name])}</td></tr>`,
          )}
        </tbody>
      </table>
      <div class="actions">
        <button class="sky-button" @click=${this.#keepMine}>Keep mine</button>
        <button class="sky-link" @click=${this.#takeTheirs}>Take the saved ones</button>
      </div>
    </div>`;
  }

  #renderDialog(contract: ListDetailView): TemplateResult {
    const asking = this.asking;
    if (!asking) return html``;
    const title = this.#title(this.record?.values ?? {});
    const [heading, text, go, stay] =
      asking.kind === 'delete'
        ? [`Delete ${title}?`, `The ${contract.noun.one} is deleted for good.`, 'Delete', 'Keep it']
        : [`Leave ${this.creating ? `the new ${contract.noun.one}` : title}?`, 'Your unsaved changes stay as a draft; you can come back to them.', 'Leave', 'Keep editing'];
    const answer = (yes: boolean) => () => {
      this.asking = null;
      if (asking.kind === 'leave') asking.then(yes);
      else if (yes) void this.#remove();
      if (!yes) void this.updateComplete.then(() => this.#focusDetail());
    };
    return html`<dialog aria-labelledby="ask-title" @cancel=${(e: Event) => (e.preventDefault(), answer(false)())}>
      <h2 id="ask-title" class="heading">${heading}</h2>
      <p>${text}</p>
      <div class="actions">
        <button class="sky-button ${asking.kind === 'delete' ? 'danger' : ''}" @click=${answer(true)}>${go}</button>
        <button class="sky-link safe" @click=${answer(false)}>${stay}</button>
      </div>
    </dialog>`;
  }

  /** Takes a view's rows (a list result) and record (when it names one) on screen. */
  #absorb(view: ListDetailView): void {
    if (view.items) {
      this.list = { items: view.items, total: view.total ?? view.items.length, nextCursor: view.nextCursor ?? null, filter: view.filter ?? {} };
      if (!this.activeId || !view.items.some((item) => item.id === this.activeId)) this.activeId = view.items[0]?.id ?? null;
    }
    if (view.selected !== undefined) this.record = view.selected;
  }

  /** After a write: the list again, as far as it was loaded (the saved row in its new form and place). */
  async #refresh(): Promise<void> {
    const list = this.list;
    const result = await this.#load.run(this.listTool, { ...clean(list?.filter ?? {}), limit: Math.max(this.#pageSize(), list?.items.length ?? 0) });
    if (result && !result.isError) this.#absorb(result.structuredContent as unknown as ListDetailView);
  }

  #loadMore = async () => {
    const list = this.list;
    if (!list?.nextCursor) return;
    const result = await this.#more.run(this.listTool, { ...clean(list.filter), cursor: list.nextCursor, limit: this.#pageSize() });
    const next = result && !result.isError ? (result.structuredContent as unknown as ListDetailView) : null;
    if (!next?.items) return;
    const first = next.items[0];
    this.list = { ...list, items: [...list.items, ...next.items], total: next.total ?? list.total, nextCursor: next.nextCursor ?? null };
    this.announce(`${countOf(this.contract!, next.items.length)} more loaded.`);
    if (first) {
      this.activeId = first.id;
      this.#focusRow(first.id);
    }
  };

  async #remove(): Promise<void> {
    const record = this.record;
    if (!record) return;
    const items = this.list?.items ?? [];
    const index = items.findIndex((item) => item.id === record.id);
    const result = await this.#delete.run(this.deleteTool, { id: record.id, expectedVersion: record.version, requestId: newRequestId() });
    if (!result) return;
    if (result.isError) {
      const current = result.structuredContent as ListDetailView | null;
      if (current?.selected !== undefined) this.#absorb(current);
      this.announce(`Not deleted: ${this.#delete.error}`);
      return;
    }
    this.record = null;
    await this.#forget(record.id, { selectedId: undefined });
    this.announce(`${capitalize(this.contract!.noun.one)} deleted.`);
    await this.#refresh();
    const next = this.list?.items[Math.min(index, (this.list?.items.length ?? 1) - 1)];
    this.activeId = next?.id ?? null;
    this.#focusRow(this.activeId);
  }

  #startNew = async () => {
    if (!(await this.#mayLeave())) return;
    this.record = null;
    this.creating = true;
    this.errors = {};
    this.conflict = null;
    this.#returnTo = null;
    this.#focusDetail();
  };

  #close = async () => {
    if (!(await this.#mayLeave())) return;
    const back = this.#returnTo ?? this.activeId;
    this.record = null;
    this.creating = false;
    this.conflict = null;
    this.errors = {};
    void this.#state.update({ selectedId: undefined });
    this.#focusRow(back);
  };

  #keepMine = async () => {
    const mine = this.conflict;
    if (!mine) return;
    this.conflict = null;
    this.#edits(mine);
    await this.save();
  };

  #takeTheirs = async () => {
    const record = this.record;
    this.conflict = null;
    if (record) await this.#forget(record.id, {});
    this.announce('The saved values are back; your changes are gone.');
    this.#focusDetail();
  };

  #resave = async () => {
    if ((await this.#save.resend()) === 'written') void this.save();
  };

  /** A value typed or picked: kept as a draft in widget state (saved as the user types). */
  #edit(name: string, value: FieldValue): void {
    this.#edits({ ...this.values, [name]: value });
    if (this.errors[name]) this.errors = { ...this.errors, [name]: '' };
  }

  #edits(values: Values): void {
    const key = this.creating ? NEW : this.record?.id;
    if (!key) return;
    const drafts = { ...this.#drafts(), [key]: values };
    const keys = Object.keys(drafts);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_DRAFTS))) delete drafts[old];
    this.#state.updateSoon({ drafts, ...(key === NEW ? {} : { selectedId: key }) });
  }

  /** Drops the draft of `key` (saved, deleted or abandoned) and applies `more`. */
  async #forget(key: string, more: JsonObject): Promise<void> {
    const drafts = { ...this.#drafts() };
    delete drafts[key];
    await this.#state.update({ drafts: Object.keys(drafts).length ? drafts : undefined, ...more });
  }

  #drafts(): Record<string, unknown> {
    return (this.#state.get<Record<string, unknown>>('drafts') ?? {}) as Record<string, unknown>;
  }

  /** Asks before leaving a record with unsaved edits; resolves true when the user may go on. */
  #mayLeave(): Promise<boolean> {
    if (!this.unsaved) return Promise.resolve(true);
    return new Promise((resolve) => (this.asking = { kind: 'leave', then: resolve }));
  }

  #sayErrors(): false {
    const first = this.contract!.fields.find((field) => this.errors[field.name]);
    this.announce(`Not saved. ${Object.values(this.errors).filter(Boolean).join(' ')}`);
    if (first) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#field-${first.name}`)?.focus());
    return false;
  }

  #onListClick = (event: MouseEvent) => {
    const id = (event.target as Element).closest?.('[data-id]')?.getAttribute('data-id');
    if (id) {
      this.activeId = id;
      void this.openRecord(id);
    }
  };

  /** APG listbox keys: arrows, Home/End, Enter/Space to open, type-ahead on the titles. */
  #onListKey = (event: KeyboardEvent) => {
    const items = this.list?.items ?? [];
    const at = items.findIndex((item) => item.id === this.activeId);
    let next = -1;
    if (event.key === 'ArrowDown') next = Math.min(at + 1, items.length - 1);
    else if (event.key === 'ArrowUp') next = Math.max(at - 1, 0);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (this.activeId) void this.openRecord(this.activeId);
      return;
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const now = performance.now();
      this.#typed = now - this.#typedAt < 700 ? this.#typed + event.key.toLowerCase() : event.key.toLowerCase();
      this.#typedAt = now;
      const order = [...items.slice(at + (this.#typed.length === 1 ? 1 : 0)), ...items.slice(0, at + (this.#typed.length === 1 ? 1 : 0))];
      next = items.indexOf(order.find((item) => item.title.toLowerCase().startsWith(this.#typed)) ?? items[at]!);
    } else return;
    event.preventDefault();
    const item = items[next];
    if (item) {
      this.activeId = item.id;
      this.#focusRow(item.id);
    }
  };

  #onFilterText = (event: Event) => {
    const text = (event.target as HTMLInputElement).value;
    clearTimeout(this.#filterTimer);
    this.#filterTimer = setTimeout(() => void this.load({ ...this.list?.filter, text }), 350);
  };

  #onFilterKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    clearTimeout(this.#filterTimer);
    void this.load({ ...this.list?.filter, text: (event.target as HTMLInputElement).value });
  };

  /** Enter in a one-line field saves (what a form would do; no native form submission in a sandbox). Escape closes. */
  #onFieldKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.key === 'Enter' && target.localName === 'input' && (target as HTMLInputElement).type !== 'checkbox') {
      event.preventDefault();
      void this.save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      void this.#close();
    }
  };

  #focusRow(id: string | null): void {
    void this.updateComplete.then(() => (this.renderRoot.querySelector<HTMLElement>(id ? `#item-${CSS.escape(id)}` : '[role="option"]') ?? this.renderRoot.querySelector<HTMLElement>('#filter-text'))?.focus());
  }

  #focusDetail(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#detail-title')?.focus());
  }

  #changedValues(values: Values, saved: Values): Values {
    return Object.fromEntries(changedFields(this.contract!.fields, values, saved).map((field) => [field.name, values[field.name] ?? null]));
  }

  #blank(): Values {
    return Object.fromEntries(this.contract!.fields.map((field) => [field.name, field.kind === 'select' && field.required ? (field.options?.[0]?.value ?? null) : field.kind === 'checkbox' ? false : null]));
  }

  #title(values: Values): string {
    const value = values[this.contract?.titleField ?? 'title'];
    return typeof value === 'string' && value.trim() ? value : `Untitled ${this.contract?.noun.one ?? 'record'}`;
  }

  #noneText(): string {
    const filter: ListFilter = this.list?.filter ?? {};
    const words = filter.text ? ` match “${filter.text}”` : ' match the filter';
    return `No ${this.contract!.noun.other}${words}.`;
  }

  #pageSize(): number {
    return this.pageSize ?? (this.snapshot?.displayMode === 'fullscreen' ? 50 : 10);
  }
}

/** The fields whose values differ between two sets. */
function changedFields(fields: FieldSpec[], a: Values, b: Values): FieldSpec[] {
  return fields.filter((field) => (a[field.name] ?? null) !== (b[field.name] ?? null));
}

function clean(filter: ListFilter): ListFilter {
  return { ...(filter.text ? { text: filter.text } : {}), ...(filter.status ? { status: filter.status } : {}) };
}

function countOf(view: ListDetailView, n: number): string {
  return `${n} ${n === 1 ? view.noun.one : view.noun.other}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
