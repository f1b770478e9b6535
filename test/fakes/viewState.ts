/**
 * Builds `view.state.values` the way the Slack client does when a user fills in and submits a
 * modal, from the blocks the app actually sent. It is strict like the client:
 *  - every stateful element appears (unanswered ones as null / [] or their initial_* value);
 *  - answers must name an element that exists and, for static menus, an option that exists;
 *  - a required (non-optional) input left empty, or text outside min/max_length, throws,
 *    because the client would not let the user submit.
 */

type Obj = Record<string, unknown>;

/** string for single-value elements, string[] for multi-selects/checkboxes, number for datetimepicker. */
export type Answer = string | string[] | number | null;

/** Keys are action_id, or `block_id/action_id` when an action_id repeats across blocks. */
export type Answers = Record<string, Answer>;

export type StateValues = Record<string, Record<string, Obj>>;

export interface FillOptions {
  /** Let a test submit with required inputs empty (Slack's client would refuse). */
  allowMissingRequired?: boolean;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const STATELESS = new Set(['button', 'overflow', 'workflow_button', 'image']);

interface Slot {
  blockId: string;
  actionId: string;
  element: Obj;
  /** Input blocks only: whether the block is required. */
  required: boolean;
}

function slots(blocks: unknown): Slot[] {
  if (!Array.isArray(blocks)) return [];
  const out: Slot[] = [];
  for (const b of blocks) {
    if (!isObj(b) || typeof b.block_id !== 'string') continue;
    const els: unknown[] =
      b.type === 'input' ? [b.element] : b.type === 'actions' && Array.isArray(b.elements) ? b.elements : b.type === 'section' ? [b.accessory] : [];
    for (const el of els) {
      if (!isObj(el) || typeof el.action_id !== 'string' || STATELESS.has(String(el.type))) continue;
      out.push({ blockId: b.block_id, actionId: el.action_id, element: el, required: b.type === 'input' && b.optional !== true });
    }
  }
  return out;
}

function allOptions(el: Obj): Obj[] {
  const direct = Array.isArray(el.options) ? el.options : [];
  const grouped = Array.isArray(el.option_groups) ? el.option_groups.flatMap((g) => (isObj(g) && Array.isArray(g.options) ? g.options : [])) : [];
  return [...direct, ...grouped].filter(isObj);
}

function pickOption(slot: Slot, value: string): Obj {
  const type = String(slot.element.type);
  if (type.includes('external_select')) return { text: { type: 'plain_text', text: value, emoji: true }, value };
  const found = allOptions(slot.element).find((o) => o.value === value);
  if (!found) throw new Error(`${slot.blockId}/${slot.actionId}: no option with value ${JSON.stringify(value)} in ${type}`);
  return found;
}

const asList = (slot: Slot, a: Answer): string[] => {
  if (!Array.isArray(a)) throw new Error(`${slot.blockId}/${slot.actionId}: ${String(slot.element.type)} needs a string[] answer`);
  return a;
};

const asString = (slot: Slot, a: Answer): string => {
  if (typeof a !== 'string') throw new Error(`${slot.blockId}/${slot.actionId}: ${String(slot.element.type)} needs a string answer`);
  return a;
};

/** The state entry for one element; `answer === undefined` means the user did not touch it. */
function entry(slot: Slot, answer: Answer | undefined): { state: Obj; empty: boolean } {
  const el = slot.element;
  const type = String(el.type);
  const given = answer !== undefined && answer !== null;
  const one = <T>(key: string, initial: unknown, map: (a: Answer) => T): { state: Obj; empty: boolean } => {
    const v = given ? map(answer) : (initial ?? null);
    return { state: { type, [key]: v }, empty: v === null || v === '' };
  };
  const many = <T>(key: string, initial: unknown, map: (a: Answer) => T[]): { state: Obj; empty: boolean } => {
    const v = given ? map(answer) : Array.isArray(initial) ? initial : [];
    return { state: { type, [key]: v }, empty: v.length === 0 };
  };
  switch (type) {
    case 'plain_text_input': {
      const result = one('value', el.initial_value, (a) => asString(slot, a));
      const text = typeof result.state.value === 'string' ? result.state.value : '';
      if (given && typeof el.max_length === 'number' && text.length > el.max_length) {
        throw new Error(`${slot.blockId}/${slot.actionId}: ${text.length} chars exceeds max_length ${el.max_length}`);
      }
      if (given && typeof el.min_length === 'number' && text.length < el.min_length) {
        throw new Error(`${slot.blockId}/${slot.actionId}: ${text.length} chars is below min_length ${el.min_length}`);
      }
      return result;
    }
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return one('value', el.initial_value, (a) => asString(slot, a));
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return one('selected_option', el.initial_option, (a) => pickOption(slot, asString(slot, a)));
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return many('selected_options', el.initial_options, (a) => asList(slot, a).map((v) => pickOption(slot, v)));
    case 'users_select':
      return one('selected_user', el.initial_user, (a) => asString(slot, a));
    case 'multi_users_select':
      return many('selected_users', el.initial_users, (a) => asList(slot, a));
    case 'conversations_select':
      return one('selected_conversation', el.initial_conversation, (a) => asString(slot, a));
    case 'multi_conversations_select':
      return many('selected_conversations', el.initial_conversations, (a) => asList(slot, a));
    case 'channels_select':
      return one('selected_channel', el.initial_channel, (a) => asString(slot, a));
    case 'multi_channels_select':
      return many('selected_channels', el.initial_channels, (a) => asList(slot, a));
    case 'datepicker':
      return one('selected_date', el.initial_date, (a) => {
        const d = asString(slot, a);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`${slot.blockId}/${slot.actionId}: date must be YYYY-MM-DD`);
        return d;
      });
    case 'timepicker': {
      const result = one('selected_time', el.initial_time, (a) => {
        const t = asString(slot, a);
        if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(t)) throw new Error(`${slot.blockId}/${slot.actionId}: time must be HH:mm`);
        return t;
      });
      if (typeof el.timezone === 'string') result.state.timezone = el.timezone;
      return result;
    }
    case 'datetimepicker':
      return one('selected_date_time', el.initial_date_time, (a) => {
        if (typeof a !== 'number') throw new Error(`${slot.blockId}/${slot.actionId}: datetimepicker needs epoch seconds`);
        return a;
      });
    default:
      return one('value', el.initial_value, (a) => a);
  }
}

/** `view.state.values` for a submission of `view` with the given answers. */
export function fillViewState(view: { blocks?: unknown }, answers: Answers = {}, opts: FillOptions = {}): { values: StateValues } {
  const all = slots(view.blocks);
  const byKey = new Map<string, Answer>(Object.entries(answers));
  const values: StateValues = {};
  for (const slot of all) {
    const qualified = `${slot.blockId}/${slot.actionId}`;
    let answer: Answer | undefined;
    if (byKey.has(qualified)) {
      answer = byKey.get(qualified);
      byKey.delete(qualified);
    } else if (byKey.has(slot.actionId)) {
      if (all.filter((s) => s.actionId === slot.actionId).length > 1) {
        throw new Error(`action_id ${slot.actionId} appears in several blocks; answer it as "block_id/action_id"`);
      }
      answer = byKey.get(slot.actionId);
      byKey.delete(slot.actionId);
    }
    const { state, empty } = entry(slot, answer);
    if (empty && slot.required && !opts.allowMissingRequired) {
      throw new Error(`required input ${qualified} is empty: Slack's client would not allow this submission`);
    }
    (values[slot.blockId] ??= {})[slot.actionId] = state;
  }
  if (byKey.size > 0) {
    const known = all.map((s) => `${s.blockId}/${s.actionId}`).join(', ') || '(none)';
    throw new Error(`answers for elements not in the view: ${[...byKey.keys()].join(', ')}; view has: ${known}`);
  }
  return { values };
}

/** Locate an interactive element by action_id in blocks (for building block_actions payloads). */
export function findElement(blocks: unknown, actionId: string, blockId?: string): { blockId: string; element: Obj } | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const b of blocks) {
    if (!isObj(b) || typeof b.block_id !== 'string' || (blockId !== undefined && b.block_id !== blockId)) continue;
    const els: unknown[] = [b.accessory, b.element, ...(Array.isArray(b.elements) ? b.elements : [])];
    const element = els.find((e): e is Obj => isObj(e) && e.action_id === actionId);
    if (element) return { blockId: b.block_id, element };
  }
  return undefined;
}
