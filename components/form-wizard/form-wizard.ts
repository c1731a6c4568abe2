import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { fieldId, fieldStyles, serverErrors, shownValue, type FieldValue } from '../base/fields.ts';
import { loadingView, noticeView } from '../base/state-views.ts';
import { ToolCall } from '../base/tool-call.ts';
import { WidgetState } from '../base/widget-state.ts';
import { SkyWidgetElement } from '../base/widget-element.ts';
import { newRequestId } from '../host/results.ts';
import type { JsonObject } from '../host/types.ts';
import { formWizardStyles } from './form-wizard.styles.ts';
import { checkQuestion, emailsOf, renderQuestion, type ShownFile } from './questions.ts';
import { checkWizardView } from './view-check.ts';
import { DEFAULT_MAX_FILE_BYTES, type WizardAnswers, type WizardField, type WizardFile, type WizardStep, type WizardView } from './view.ts';

type Draft = Record<string, FieldValue>;

/**
 * Where the user is when not at the flow's current step: a step they went back to (or, on a
 * repeatable step, the list of items added so far), valid while the flow is at `current`.
 */
interface Place {
  step: string;
  current: string;
  /** A repeatable step: true shows the form for one more item, false the list. */
  adding?: boolean;
}

/** `detail` of the `sky-submit` event a wizard given `steps` fires (a plain page: no tools). */
export interface StepSubmitDetail {
  step: string;
  /** The step's arguments, as a tool would get them (`flowId`, `requestId`, answers or `skip`). */
  args: JsonObject;
  /** The answers so far, by step. */
  answers: WizardView['answers'];
  /**
   * Hand over the page's own work (a fetch, a check): the wizard waits for it; `{ errors }` (by
   * field name) puts messages on the fields, a rejection is shown with a retry.
   */
  respondWith(answer: Promise<{ errors?: Record<string, string> } | void>): void;
}

/**
 * A multi-step form driven by its tools' view (view.ts): one question set per step, "Step 2 of 4"
 * in the heading, Back and Continue, Skip on optional steps, "add another" on repeatable ones, and
 * a check-answers step with a Change link per answer before the final submit.
 *
 * @summary GOV.UK question pages in a chat widget. Checks run before sending; what fails lands on
 * the field and in an error summary that takes focus, each entry a link to its field; the server's
 * field-named refusals land the same way. Nothing typed is ever cleared: drafts are kept per step in
 * widget state while typing and come back after a reload. Each submit carries a request id, reused
 * on retry, and Continue cannot send twice. Files go to the host on ChatGPT, inline elsewhere.
 *
 * On a plain page, give `steps` (and `heading`): the wizard calls no tool and fires `sky-submit` per step.
 *
 * @attr heading - Plain page: the flow's name, shown above the steps.
 * @fires {CustomEvent<StepSubmitDetail>} sky-submit - Plain page only: a step was submitted (call `preventDefault()` to stay on it).
 * @fires {CustomEvent<WizardView>} sky-complete - The flow completed; `detail` is the final view.
 * @csspart error-summary - The list of what to fix.
 * @csspart step - The step's heading and questions.
 * @csspart summary - The completed flow's summary.
 * @cssprop --sky-form-wizard-max-width - The width of the one column in full screen (default 40rem).
 */
export class SkyFormWizard extends SkyWidgetElement {
  static override properties = {
    ...SkyWidgetElement.properties,
    steps: { attribute: false },
    heading: {},
    place: { state: true },
    errors: { state: true },
    sending: { state: true },
    followedUp: { state: true },
  };
  static override styles = [...SkyWidgetElement.styles, fieldStyles, formWizardStyles];

  static override checkView(view: JsonObject): string | null {
    return checkWizardView(view);
  }

  /** Plain page: the flow's steps (the wizard then fires `sky-submit` per step instead of calling tools). */
  declare steps: WizardStep[] | undefined;
  /** Plain page: the flow's name, shown above the steps. */
  declare heading: string | undefined;
  /** Where the user went (undefined: as saved in widget state; null: the flow's current step). */
  protected declare place: Place | null | undefined;
  /** What to fix, by field name. */
  protected declare errors: Record<string, string>;
  /** True from Continue until its call settles: a second press sends nothing. */
  protected declare sending: boolean;
  protected declare followedUp: boolean;

  readonly #submit = new ToolCall(this);
  readonly #state = new WidgetState(this);
  /** Files chosen, by `step.field`: kept in memory only (never in widget state). */
  readonly #files = new Map<string, File>();
  /** The request id of the last submit, kept for a retry of the same answers. */
  #request: { key: string; id: string } | null = null;
  #skipped = false;
  #shown = '';
  #flowId = '';
  #current = '';
  #focusSummary = false;

  constructor() {
    super();
    this.errors = {};
    this.sending = false;
    this.followedUp = false;
  }

  /** The flow: the latest view. */
  get flow(): WizardView | null {
    return this.view as unknown as WizardView | null;
  }

  /** The step on screen: the flow's current one, or one before it the user went back to. */
  get step(): WizardStep | null {
    const flow = this.flow;
    if (!flow) return null;
    const reached = flow.steps.findIndex((step) => step.id === flow.current);
    const place = this.#place();
    const at = place ? flow.steps.findIndex((step) => step.id === place.step) : -1;
    return flow.steps[at >= 0 && at <= reached ? at : reached]!;
  }

  /**
   * Continue (or Skip, with `skip`): checks the step, then sends it to the step's tool with a request
   * id (the same one when the same answers are sent again after a failure). Resolves when settled.
   */
  async next(skip = false): Promise<void> {
    const flow = this.flow;
    const step = this.step;
    if (!flow || !step || this.sending || flow.status === 'completed') return;
    const index = flow.steps.indexOf(step);
    if (step.repeatable && !skip && !this.#adding(step)) return this.#go(flow.steps[index + 1] ?? step);
    const values = this.#values(step);
    const errors: Record<string, string> = {};
    if (!skip) {
      for (const field of step.fields) {
        const problem = checkQuestion(field, values[field.name], this.#files.get(`${step.id}.${field.name}`));
        if (problem) errors[field.name] = problem;
      }
    }
    if (Object.keys(errors).length) return this.#fail(errors);
    this.sending = true;
    this.#skipped = skip;
    this.#submit.clear();
    try {
      const answers = skip ? { skip: true } : await this.#arguments(step, values);
      if (typeof answers === 'string') return this.#fail({ [step.fields.find((f) => f.kind === 'file')!.name]: answers });
      const key = JSON.stringify([flow.flowId, step.id, answers]);
      if (this.#request?.key !== key) this.#request = { key, id: newRequestId() };
      const args = { ...answers, flowId: flow.flowId, requestId: this.#request.id };
      if (this.steps ? await this.#submitHere(flow, step, args) : await this.#send(step, args)) this.#sent(step);
    } finally {
      this.sending = false;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('steps') && this.steps) {
      const steps = this.steps;
      const flow = { flowId: this.id || 'wizard', title: this.heading ?? '', steps, current: steps[0]?.id ?? '', status: 'in-progress', answers: {} };
      const problem = checkWizardView(flow);
      if (problem) this.reportFailure(`<sky-form-wizard> cannot show these steps: ${problem}.`);
      else this.adoptView(flow, null);
    }
    const flowId = this.flow?.flowId ?? '';
    const current = this.flow?.current ?? '';
    if (current !== this.#current) {
      // The flow moved (a result, or the model): what was wrong on the last step says nothing of this one.
      this.#current = current;
      this.errors = {};
    }
    if (flowId !== this.#flowId) {
      // Another run of the flow: nothing of the last one applies.
      if (this.#flowId) {
        this.place = null;
        this.errors = {};
        this.#files.clear();
      }
      this.#flowId = flowId;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const flow = this.flow;
    const step = this.step;
    // Mid-submit the view can change twice (the result, then the place after it): only the end is shown.
    if (!flow || !step || this.sending) return;
    const shown = `${flow.flowId} ${flow.status} ${step.id} ${this.#adding(step)}`;
    const first = !this.#shown;
    if (shown !== this.#shown) {
      this.#shown = shown;
      // A new step takes focus and is said; the first one a visitor meets does neither.
      if (!first) {
        const heading = this.renderRoot.querySelector<HTMLElement>('#step-title');
        heading?.focus();
        this.announce(heading?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
      }
    }
    if (this.#focusSummary) {
      this.#focusSummary = false;
      const summary = this.renderRoot.querySelector<HTMLElement>('.error-summary');
      if (summary) {
        // Focusable only while it has focus (GOV.UK), so a click elsewhere does not land on it.
        summary.tabIndex = -1;
        summary.focus();
        summary.addEventListener('blur', () => summary.removeAttribute('tabindex'), { once: true });
      }
    }
  }

  protected override renderLoading(): TemplateResult {
    return html`<div class="wizard">${loadingView('Loading the form…', 4)}</div>`;
  }

  protected override renderView(): TemplateResult {
    const flow = this.flow!;
    const step = this.step!;
    const index = flow.steps.indexOf(step);
    const done = flow.status === 'completed';
    const fullscreen = this.snapshot?.displayMode === 'fullscreen';
    const long = flow.steps.length > 5 || flow.steps.some((s) => s.fields.length > 4);
    return html`<div class="wizard ${fullscreen ? 'fullscreen' : ''}">
      <div class="top">
        ${index > 0 && !done ? html`<button class="sky-link" @click=${() => this.#go(flow.steps[index - 1]!)}>Back</button>` : nothing}
        ${long && !fullscreen && !done && this.host?.capabilities.requestDisplayMode
          ? html`<button class="sky-link" @click=${() => void this.host!.requestDisplayMode('fullscreen')}>Continue in full screen</button>`
          : nothing}
      </div>
      ${flow.title ? html`<p class="caption">${flow.title}</p>` : nothing}
      ${done ? this.#renderDone(flow) : this.#renderStep(flow, step, index)}
    </div>`;
  }

  #renderStep(flow: WizardView, step: WizardStep, index: number): TemplateResult {
    const items = this.#items(step);
    const adding = this.#adding(step);
    const review = step.kind === 'review';
    const noun = step.repeatable?.noun;
    const label = review ? (step.submitLabel ?? 'Submit') : noun && adding ? (step.submitLabel ?? `Add ${noun.one}`) : noun ? 'Continue' : (step.submitLabel ?? 'Continue');
    const values = this.#values(step);
    const errors = step.fields.filter((field) => this.errors[field.name]);
    return html`<section class="step" part="step" aria-labelledby="step-title">
      ${errors.length
        ? html`<div class="error-summary" part="error-summary" aria-labelledby="error-summary-title">
            <div role="alert">
              <h2 id="error-summary-title">There is a problem</h2>
              <ul>
                ${errors.map((field) => html`<li><a href="#${fieldId(field)}" @click=${(event: Event) => this.#toField(event, field)}>${this.errors[field.name]}</a></li>`)}
              </ul>
            </div>
          </div>`
        : nothing}
      <h2 id="step-title" class="heading" tabindex="-1"><span class="step-of">Step ${index + 1} of ${flow.steps.length}</span> ${step.title}</h2>
      ${step.description ? html`<p>${step.description}</p>` : nothing}
      ${noun && items.length
        ? html`<div class="items">
            <h3>You have added ${items.length} ${items.length === 1 ? noun.one : noun.other}</h3>
            <ul>${items.map((item) => html`<li>${this.#itemText(step, item)}</li>`)}</ul>
          </div>`
        : nothing}
      ${review ? this.#renderReview(flow, index) : nothing}
      ${!review && adding
        ? html`<div class="fields" @keydown=${this.#onKey}>
            ${step.fields.map((field) =>
              renderQuestion(field, values[field.name], this.errors[field.name], (value) => this.#edit(step, field, value), this.#fileOf(step, field)),
            )}
          </div>`
        : nothing}
      ${this.#submit.error && !errors.length
        ? noticeView(`Not sent: ${this.#submit.error} Your answers are kept.`, { label: 'Try again', onClick: () => void this.next(this.#skipped) })
        : nothing}
      <div class="actions">
        <button class="sky-button" aria-disabled=${this.sending ? 'true' : 'false'} @click=${() => void this.next()}>${label}</button>
        ${noun && !adding ? html`<button class="sky-link" @click=${() => this.#go(step, true)}>Add another ${noun.one}</button>` : nothing}
        ${noun && adding && items.length >= this.#min(step) ? html`<button class="sky-link" @click=${() => this.#go(step, false)}>Cancel</button>` : nothing}
        ${step.optional && !items.length ? html`<button class="sky-link" @click=${() => void this.next(true)}>Skip this step</button>` : nothing}
        ${this.sending ? html`<span class="sending">Sending…</span>` : nothing}
      </div>
    </section>`;
  }

  /** "Check your answers": each answer of the steps before, with a Change link. */
  #renderReview(flow: WizardView, index: number): TemplateResult {
    const row = (label: string, value: unknown, step: WizardStep) =>
      html`<div class="row">
        <dt>${label}</dt>
        <dd>${value}</dd>
        <dd><button class="sky-link" @click=${() => this.#go(step, step.repeatable ? false : undefined)}>Change<span class="sky-visually-hidden"> ${label.toLowerCase()}</span></button></dd>
      </div>`;
    return html`<dl class="answers">
      ${flow.steps.slice(0, index).flatMap((step) => {
        const answers = flow.answers[step.id];
        if (step.repeatable) {
          const items = this.#items(step);
          const noun = step.repeatable.noun.other;
          return [row(noun.charAt(0).toUpperCase() + noun.slice(1), items.length ? html`${items.map((item) => html`<span class="line">${this.#itemText(step, item)}</span>`)}` : '—', step)];
        }
        if (!answers || Array.isArray(answers)) return [row(step.title, 'Skipped', step)];
        return step.fields.map((field) => row(field.label, shownValue(field, answers[field.name]), step));
      })}
    </dl>`;
  }

  #renderDone(flow: WizardView): TemplateResult {
    const { summary, followUp } = flow;
    return html`<section class="step" part="summary" aria-labelledby="step-title">
      <h2 id="step-title" class="heading" tabindex="-1">${summary?.title ?? 'Done'}</h2>
      ${summary?.text ? html`<p>${summary.text}</p>` : nothing}
      ${summary?.items?.length
        ? html`<dl class="answers">${summary.items.map((item) => html`<div class="row"><dt>${item.label}</dt><dd>${item.value}</dd></div>`)}</dl>`
        : nothing}
      ${followUp && this.host?.capabilities.sendFollowUpMessage
        ? this.followedUp
          ? html`<p class="hint">Asked: “${followUp.prompt}”</p>`
          : html`<div class="actions"><button class="sky-button" @click=${() => void this.#followUp(followUp.prompt)}>${followUp.label}</button></div>`
        : nothing}
      ${this.#submit.error ? noticeView(this.#submit.error) : nothing}
    </section>`;
  }

  /** Sends the step to its tool. True when it went through (the result is the view now). */
  async #send(step: WizardStep, args: JsonObject): Promise<boolean> {
    const result = await this.#submit.run(step.tool, args);
    if (!result) return false;
    if (!result.isError) {
      if (this.viewMeta?.['openai/closeWidget'] === true && this.host?.capabilities.close) void this.host.close();
      return true;
    }
    const { errors, rest } = serverErrors(this.#submit.error ?? '', step.fields);
    if (!Object.keys(errors).length) {
      this.announce(`Not sent: ${this.#submit.error}`);
      return false;
    }
    // Refused on the fields: said there (and a line without a field next to the button).
    this.#submit.error = rest && !rest.endsWith(':') ? rest : null;
    this.#fail(errors);
    return false;
  }

  /** A plain page: the page hears the step (`sky-submit`) and the flow moves on here. */
  async #submitHere(flow: WizardView, step: WizardStep, args: JsonObject): Promise<boolean> {
    let answer: Promise<{ errors?: Record<string, string> } | void> | undefined;
    const detail: StepSubmitDetail = { step: step.id, args, answers: flow.answers, respondWith: (promise) => (answer = promise) };
    const event = new CustomEvent('sky-submit', { cancelable: true, bubbles: true, composed: true, detail });
    this.dispatchEvent(event);
    try {
      const reply = await answer;
      if (reply?.errors && Object.keys(reply.errors).length) return (this.#fail(reply.errors), false);
    } catch (error) {
      this.#submit.error = error instanceof Error ? error.message : String(error);
      this.reportFailure(this.#submit.error);
      return false;
    }
    if (event.defaultPrevented) return false;
    const { flowId: _flow, requestId: _request, skip, ...given } = args;
    const answers = { ...flow.answers };
    const items = this.#items(step);
    if (skip) delete answers[step.id];
    else answers[step.id] = step.repeatable ? [...items, given as WizardAnswers] : (given as WizardAnswers);
    const index = flow.steps.indexOf(step);
    const reached = Math.max(flow.steps.findIndex((s) => s.id === flow.current), index + 1);
    const last = reached >= flow.steps.length;
    this.adoptView({ ...flow, answers, current: flow.steps[Math.min(reached, flow.steps.length - 1)]!.id, status: last ? 'completed' : 'in-progress' }, null);
    return true;
  }

  /** A step went through: its draft and files are dropped, and the wizard shows where the flow is now. */
  #sent(step: WizardStep): void {
    const flow = this.flow!;
    this.#request = null;
    this.errors = {};
    for (const field of step.fields) this.#files.delete(`${step.id}.${field.name}`);
    const drafts = { ...this.#drafts() };
    delete drafts[step.id];
    // After adding an item, the list of items (to add another or go on); otherwise the flow's current step.
    const place = step.repeatable && flow.status !== 'completed' ? { step: step.id, current: flow.current, adding: false } : null;
    this.place = place;
    void this.#state.update({ drafts, place: place ?? undefined });
    if (step.repeatable) this.announce(`${step.repeatable.noun.one.charAt(0).toUpperCase()}${step.repeatable.noun.one.slice(1)} added.`);
    if (flow.status === 'completed') this.dispatchEvent(new CustomEvent('sky-complete', { detail: flow, bubbles: true, composed: true }));
  }

  /** The step's answers as its tool takes them, or why a file could not be read or handed over. */
  async #arguments(step: WizardStep, values: Draft): Promise<JsonObject | string> {
    const args: JsonObject = {};
    for (const field of step.fields) {
      const value = values[field.name];
      if (field.kind === 'file') {
        const file = this.#files.get(`${step.id}.${field.name}`);
        if (!file) continue;
        try {
          args[field.name] = await this.#fileArgument(field, file);
        } catch (error) {
          return `The file could not be sent (${error instanceof Error ? error.message : String(error)}). Choose it again, or try again.`;
        }
      } else if (typeof value === 'boolean') args[field.name] = value;
      else if (typeof value === 'string' && value.trim()) args[field.name] = field.kind === 'email' && field.multiple ? emailsOf(value) : value.trim();
    }
    return args;
  }

  /** A file: handed to the host where it takes files (ChatGPT), else read into the call (capped by `maxBytes`). */
  async #fileArgument(field: WizardField, file: File): Promise<WizardFile> {
    const about = { file_name: file.name, mime_type: file.type || 'application/octet-stream', size: file.size };
    const host = this.host;
    if (host?.capabilities.uploadFile && host.uploadFile) {
      const { fileId, downloadUrl } = await host.uploadFile(file);
      return { ...about, file_id: fileId, ...(downloadUrl ? { download_url: downloadUrl } : {}) };
    }
    if (file.size > (field.maxBytes ?? DEFAULT_MAX_FILE_BYTES)) throw new Error('it is over the size limit');
    const url = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error ?? new Error('it could not be read'));
      reader.readAsDataURL(file);
    });
    return { ...about, data: url.slice(url.indexOf(',') + 1) };
  }

  /** Shows what to fix: on the fields, and in the summary at the top, which takes focus. */
  #fail(errors: Record<string, string>): void {
    this.errors = errors;
    this.#focusSummary = true;
    this.requestUpdate();
  }

  /** Goes to a step (on a repeatable one, to its form or its list). */
  #go(step: WizardStep, adding?: boolean): void {
    const place = { step: step.id, current: this.flow!.current, ...(adding === undefined ? {} : { adding }) };
    this.place = place;
    this.errors = {};
    this.#submit.clear();
    void this.#state.update({ place });
  }

  /** A value typed or picked: a draft in widget state (a file: in memory). Its error goes once it changes. */
  #edit(step: WizardStep, field: WizardField, value: FieldValue | File): void {
    const key = `${step.id}.${field.name}`;
    if (field.kind === 'file') {
      if (value instanceof File) this.#files.set(key, value);
      else this.#files.delete(key);
      this.requestUpdate();
    } else {
      const drafts = this.#drafts();
      this.#state.updateSoon({ drafts: { ...drafts, [step.id]: { ...drafts[step.id], [field.name]: value as FieldValue } } });
    }
    if (this.errors[field.name]) this.errors = { ...this.errors, [field.name]: '' };
  }

  async #followUp(prompt: string): Promise<void> {
    try {
      await this.host!.sendFollowUpMessage(prompt);
      this.followedUp = true;
    } catch (error) {
      this.#submit.error = `Could not ask: ${error instanceof Error ? error.message : String(error)}`;
      this.announce(this.#submit.error);
      this.requestUpdate();
    }
  }

  /** An error summary link: focus on the field itself (the fragment would not reach into the shadow root). */
  #toField(event: Event, field: WizardField): void {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>(`#${fieldId(field)}`)?.focus();
  }

  /** Enter in a one-line field is Continue (what a form would do; a sandboxed frame may allow no form). */
  #onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLInputElement;
    if (event.key === 'Enter' && target.localName === 'input' && target.type !== 'file' && target.type !== 'checkbox') {
      event.preventDefault();
      void this.next();
    }
  };

  /** The place the user went, while it still applies (the flow has not moved since). */
  #place(): Place | null {
    const place = this.place === undefined ? this.#state.get<Place>('place') : this.place;
    return place && place.current === this.flow?.current ? place : null;
  }

  /** The values on screen for a step: its draft over its saved answers (a repeatable step's form starts blank). */
  #values(step: WizardStep): Draft {
    const saved = step.repeatable ? undefined : (this.flow!.answers[step.id] as WizardAnswers | undefined);
    const values: Draft = {};
    for (const field of step.fields) {
      const value = saved?.[field.name];
      values[field.name] = Array.isArray(value) ? value.join(', ') : typeof value === 'string' || typeof value === 'boolean' ? value : null;
    }
    return { ...values, ...this.#drafts()[step.id] };
  }

  /** A file question's file: the one chosen now, else the one sent before (the server keeps it when none is sent). */
  #fileOf(step: WizardStep, field: WizardField): ShownFile | undefined {
    const chosen = this.#files.get(`${step.id}.${field.name}`);
    if (chosen) return chosen;
    const saved = step.repeatable ? undefined : (this.flow!.answers[step.id] as WizardAnswers | undefined)?.[field.name];
    return saved && typeof saved === 'object' && !Array.isArray(saved) ? { name: saved.file_name, size: saved.size, saved: true } : undefined;
  }

  #items(step: WizardStep): WizardAnswers[] {
    const items = this.flow!.answers[step.id];
    return Array.isArray(items) ? items : [];
  }

  #min(step: WizardStep): number {
    return step.repeatable?.min ?? (step.optional ? 0 : 1);
  }

  /** A repeatable step shows its form when it has too few items or the user asked to add one. */
  #adding(step: WizardStep): boolean {
    if (!step.repeatable) return true;
    const place = this.#place();
    return this.#items(step).length < this.#min(step) || (place?.step === step.id && place.adding === true);
  }

  #itemText(step: WizardStep, item: WizardAnswers): string {
    return step.fields
      .filter((field) => item[field.name] != null && item[field.name] !== '')
      .map((field, i) => (i ? `${field.label}: ${shownValue(field, item[field.name])}` : shownValue(field, item[field.name])))
      .join(' · ');
  }

  #drafts(): Record<string, Draft> {
    return this.#state.get<Record<string, Draft>>('drafts') ?? {};
  }
}
