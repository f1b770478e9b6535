/**
 * Pure validator for Block Kit payloads, encoding Slack's documented limits
 * (docs.slack.dev → Block Kit → blocks / elements / composition objects / views).
 *
 * Slack rejects a payload that breaks any of these with `invalid_blocks` (messages) or
 * `invalid_arguments` (views), so a message that renders fine in a unit test can still fail
 * in production. The fake Slack server runs every payload through here.
 *
 * Violations are reported as `<json-pointer>: <reason>`, mirroring Slack's
 * `[ERROR] ... [json-pointer:/blocks/0/text]` response_metadata messages.
 */

export type Surface = 'message' | 'modal' | 'home';

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  blockId: 255,
  actionId: 255,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  headerText: 150,
  markdownBlockText: 12000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  accessibilityLabel: 75,
  imageAltText: 2000,
  imageTitle: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInputLength: 3000,
  selectOptions: 100,
  selectOptionGroups: 100,
  optionGroupLabel: 75,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  overflowOptions: 5,
  checkboxOptions: 10,
  radioOptions: 10,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  messageText: 40000,
  viewBytes: 250 * 1024,
} as const;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Report {
  readonly list: string[] = [];
  add(path: string, reason: string): void {
    this.list.push(`${path || '/'}: ${reason}`);
  }
}

/** Slack rejects properties it does not know ("invalid additional property"), which catches typos. */
function props(r: Report, path: string, o: Obj, allowed: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) r.add(`${path}/${key}`, 'invalid additional property');
  }
}

interface StrOpts {
  max: number;
  min?: number;
  required?: boolean;
}

function str(r: Report, path: string, v: unknown, { max, min = 0, required = false }: StrOpts): void {
  if (v === undefined) {
    if (required) r.add(path, 'missing required field');
    return;
  }
  if (typeof v !== 'string') return r.add(path, 'must be a string');
  if (v.length < min) r.add(path, `must be at least ${min} characters (got ${v.length})`);
  if (v.length > max) r.add(path, `must be at most ${max} characters (got ${v.length})`);
}

function bool(r: Report, path: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') r.add(path, 'must be a boolean');
}

function arr(r: Report, path: string, v: unknown, opts: { max: number; min?: number; required?: boolean }): unknown[] {
  if (v === undefined) {
    if (opts.required) r.add(path, 'missing required field');
    return [];
  }
  if (!Array.isArray(v)) {
    r.add(path, 'must be an array');
    return [];
  }
  const min = opts.min ?? 0;
  if (v.length < min) r.add(path, `must have at least ${min} items (got ${v.length})`);
  if (v.length > opts.max) r.add(path, `must have at most ${opts.max} items (got ${v.length})`);
  return v;
}

interface TextOpts {
  max: number;
  /** Most labels/titles/placeholders must be plain_text; only some spots accept mrkdwn. */
  plainOnly?: boolean;
  required?: boolean;
}

function text(r: Report, path: string, v: unknown, { max, plainOnly = false, required = false }: TextOpts): void {
  if (v === undefined) {
    if (required) r.add(path, 'missing required field');
    return;
  }
  if (!isObj(v)) return r.add(path, 'must be a text object');
  if (v.type === 'plain_text') {
    props(r, path, v, ['type', 'text', 'emoji']);
    bool(r, `${path}/emoji`, v.emoji);
  } else if (v.type === 'mrkdwn') {
    if (plainOnly) r.add(`${path}/type`, 'must be plain_text here (mrkdwn is not allowed)');
    props(r, path, v, ['type', 'text', 'verbatim']);
    bool(r, `${path}/verbatim`, v.verbatim);
  } else {
    return r.add(`${path}/type`, `must be plain_text or mrkdwn (got ${JSON.stringify(v.type)})`);
  }
  str(r, `${path}/text`, v.text, { max, min: 1, required: true });
}

function confirm(r: Report, path: string, v: unknown): void {
  if (v === undefined) return;
  if (!isObj(v)) return r.add(path, 'must be a confirmation dialog object');
  props(r, path, v, ['title', 'text', 'confirm', 'deny', 'style']);
  text(r, `${path}/title`, v.title, { max: LIMITS.confirmTitle, plainOnly: true, required: true });
  text(r, `${path}/text`, v.text, { max: LIMITS.confirmText, required: true });
  text(r, `${path}/confirm`, v.confirm, { max: LIMITS.confirmButton, plainOnly: true, required: true });
  text(r, `${path}/deny`, v.deny, { max: LIMITS.confirmButton, plainOnly: true, required: true });
  style(r, `${path}/style`, v.style);
}

function style(r: Report, path: string, v: unknown): void {
  if (v !== undefined && v !== 'primary' && v !== 'danger') r.add(path, 'must be "primary" or "danger"');
}

type OptionKind = 'select' | 'overflow' | 'checkbox';

function option(r: Report, path: string, v: unknown, kind: OptionKind): unknown {
  if (!isObj(v)) {
    r.add(path, 'must be an option object');
    return undefined;
  }
  props(r, path, v, kind === 'overflow' ? ['text', 'value', 'description', 'url'] : ['text', 'value', 'description']);
  // Checkboxes and radio buttons may render mrkdwn; select menus and overflow only plain_text.
  text(r, `${path}/text`, v.text, { max: LIMITS.optionText, plainOnly: kind !== 'checkbox', required: true });
  str(r, `${path}/value`, v.value, { max: LIMITS.optionValue, min: 1, required: true });
  text(r, `${path}/description`, v.description, { max: LIMITS.optionDescription, plainOnly: kind !== 'checkbox' });
  if (kind === 'overflow') str(r, `${path}/url`, v.url, { max: LIMITS.url });
  return v.value;
}

function options(r: Report, path: string, v: unknown, max: number, kind: OptionKind, required = true): unknown[] {
  const list = arr(r, path, v, { max, min: 1, required });
  const values = list.map((o, i) => option(r, `${path}/${i}`, o, kind));
  return values;
}

/** Select menus take either `options` or `option_groups`, never both. */
function staticOptions(r: Report, path: string, el: Obj): unknown[] {
  if (el.options !== undefined && el.option_groups !== undefined) {
    r.add(path, 'must provide either options or option_groups, not both');
  }
  if (el.option_groups !== undefined) {
    const groups = arr(r, `${path}/option_groups`, el.option_groups, { max: LIMITS.selectOptionGroups, min: 1 });
    return groups.flatMap((g, i) => {
      const gp = `${path}/option_groups/${i}`;
      if (!isObj(g)) {
        r.add(gp, 'must be an option group object');
        return [];
      }
      props(r, gp, g, ['label', 'options']);
      text(r, `${gp}/label`, g.label, { max: LIMITS.optionGroupLabel, plainOnly: true, required: true });
      return options(r, `${gp}/options`, g.options, LIMITS.selectOptions, 'select');
    });
  }
  return options(r, `${path}/options`, el.options, LIMITS.selectOptions, 'select');
}

function initialOptionIn(r: Report, path: string, v: unknown, values: unknown[]): void {
  if (v === undefined) return;
  if (!isObj(v)) return r.add(path, 'must be an option object');
  if (!values.includes(v.value)) r.add(path, 'must exactly match one of the provided options');
}

const SELECT_COMMON = ['type', 'action_id', 'placeholder', 'confirm', 'focus_on_load'] as const;
const INPUT_COMMON = ['type', 'action_id', 'initial_value', 'dispatch_action_config', 'focus_on_load', 'placeholder'] as const;

/** Per element: allowed properties beyond none; validated further in `element()`. */
const ELEMENT_PROPS: Record<string, readonly string[]> = {
  button: ['type', 'text', 'action_id', 'url', 'value', 'style', 'confirm', 'accessibility_label'],
  workflow_button: ['type', 'text', 'action_id', 'workflow', 'style', 'accessibility_label'],
  overflow: ['type', 'action_id', 'options', 'confirm'],
  checkboxes: ['type', 'action_id', 'options', 'initial_options', 'confirm', 'focus_on_load'],
  radio_buttons: ['type', 'action_id', 'options', 'initial_option', 'confirm', 'focus_on_load'],
  datepicker: ['type', 'action_id', 'initial_date', 'confirm', 'focus_on_load', 'placeholder'],
  timepicker: ['type', 'action_id', 'initial_time', 'confirm', 'focus_on_load', 'placeholder', 'timezone'],
  datetimepicker: ['type', 'action_id', 'initial_date_time', 'confirm', 'focus_on_load'],
  static_select: [...SELECT_COMMON, 'options', 'option_groups', 'initial_option'],
  multi_static_select: [...SELECT_COMMON, 'options', 'option_groups', 'initial_options', 'max_selected_items'],
  external_select: [...SELECT_COMMON, 'initial_option', 'min_query_length'],
  multi_external_select: [...SELECT_COMMON, 'initial_options', 'min_query_length', 'max_selected_items'],
  users_select: [...SELECT_COMMON, 'initial_user'],
  multi_users_select: [...SELECT_COMMON, 'initial_users', 'max_selected_items'],
  conversations_select: [
    ...SELECT_COMMON,
    'initial_conversation',
    'default_to_current_conversation',
    'response_url_enabled',
    'filter',
  ],
  multi_conversations_select: [
    ...SELECT_COMMON,
    'initial_conversations',
    'default_to_current_conversation',
    'max_selected_items',
    'filter',
  ],
  channels_select: [...SELECT_COMMON, 'initial_channel', 'response_url_enabled'],
  multi_channels_select: [...SELECT_COMMON, 'initial_channels', 'max_selected_items'],
  plain_text_input: [...INPUT_COMMON, 'multiline', 'min_length', 'max_length'],
  email_text_input: INPUT_COMMON,
  url_text_input: INPUT_COMMON,
  number_input: [...INPUT_COMMON, 'is_decimal_allowed', 'min_value', 'max_value'],
  rich_text_input: [...INPUT_COMMON, 'min_lines', 'max_lines'],
  file_input: ['type', 'action_id', 'filetypes', 'max_files'],
  image: ['type', 'image_url', 'slack_file', 'alt_text'],
};

const SELECTS = Object.keys(ELEMENT_PROPS).filter((t) => t.endsWith('_select'));
const INTERACTIVE_COMMON = ['button', 'checkboxes', 'datepicker', 'overflow', 'radio_buttons', 'timepicker', 'workflow_button'];

const ALLOWED_IN: Record<'accessory' | 'actions' | 'input', readonly string[]> = {
  accessory: [...INTERACTIVE_COMMON, ...SELECTS, 'image'],
  actions: [...INTERACTIVE_COMMON, ...SELECTS, 'datetimepicker', 'rich_text_input'],
  input: [
    ...SELECTS,
    'checkboxes',
    'datepicker',
    'datetimepicker',
    'email_text_input',
    'file_input',
    'number_input',
    'plain_text_input',
    'radio_buttons',
    'rich_text_input',
    'timepicker',
    'url_text_input',
  ],
};

function imageSource(r: Report, path: string, o: Obj): void {
  if (o.image_url === undefined && o.slack_file === undefined) r.add(path, 'must provide image_url or slack_file');
  str(r, `${path}/image_url`, o.image_url, { max: LIMITS.url });
  str(r, `${path}/alt_text`, o.alt_text, { max: LIMITS.imageAltText, required: true });
}

function element(r: Report, path: string, v: unknown, where: keyof typeof ALLOWED_IN): void {
  if (!isObj(v)) return r.add(path, 'must be an element object');
  const type = typeof v.type === 'string' ? v.type : '';
  const allowed = ELEMENT_PROPS[type];
  if (!allowed) return r.add(`${path}/type`, `unknown element type ${JSON.stringify(v.type)}`);
  if (!ALLOWED_IN[where].includes(type)) {
    return r.add(`${path}/type`, `element type "${type}" is not allowed in ${where}`);
  }
  props(r, path, v, allowed);
  if (type !== 'image') str(r, `${path}/action_id`, v.action_id, { max: LIMITS.actionId, min: 1 });
  confirm(r, `${path}/confirm`, v.confirm);
  bool(r, `${path}/focus_on_load`, v.focus_on_load);
  if (allowed.includes('placeholder')) {
    text(r, `${path}/placeholder`, v.placeholder, { max: LIMITS.placeholder, plainOnly: true });
  }

  switch (type) {
    case 'button':
    case 'workflow_button':
      text(r, `${path}/text`, v.text, { max: LIMITS.buttonText, plainOnly: true, required: true });
      str(r, `${path}/value`, v.value, { max: LIMITS.buttonValue });
      str(r, `${path}/url`, v.url, { max: LIMITS.url });
      str(r, `${path}/accessibility_label`, v.accessibility_label, { max: LIMITS.accessibilityLabel });
      style(r, `${path}/style`, v.style);
      break;
    case 'overflow':
      options(r, `${path}/options`, v.options, LIMITS.overflowOptions, 'overflow');
      break;
    case 'checkboxes': {
      const values = options(r, `${path}/options`, v.options, LIMITS.checkboxOptions, 'checkbox');
      arr(r, `${path}/initial_options`, v.initial_options, { max: LIMITS.checkboxOptions }).forEach((o, i) =>
        initialOptionIn(r, `${path}/initial_options/${i}`, o, values),
      );
      break;
    }
    case 'radio_buttons': {
      const values = options(r, `${path}/options`, v.options, LIMITS.radioOptions, 'checkbox');
      initialOptionIn(r, `${path}/initial_option`, v.initial_option, values);
      break;
    }
    case 'static_select':
      initialOptionIn(r, `${path}/initial_option`, v.initial_option, staticOptions(r, path, v));
      break;
    case 'multi_static_select': {
      const values = staticOptions(r, path, v);
      arr(r, `${path}/initial_options`, v.initial_options, { max: LIMITS.selectOptions }).forEach((o, i) =>
        initialOptionIn(r, `${path}/initial_options/${i}`, o, values),
      );
      break;
    }
    case 'datepicker':
      if (v.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(v.initial_date))) {
        r.add(`${path}/initial_date`, 'must be formatted YYYY-MM-DD');
      }
      break;
    case 'timepicker':
      if (v.initial_time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(String(v.initial_time))) {
        r.add(`${path}/initial_time`, 'must be formatted HH:mm (24h)');
      }
      break;
    case 'datetimepicker':
      if (v.initial_date_time !== undefined && !Number.isInteger(v.initial_date_time)) {
        r.add(`${path}/initial_date_time`, 'must be a UNIX timestamp in seconds (integer)');
      }
      break;
    case 'plain_text_input':
      plainTextInput(r, path, v);
      break;
    case 'number_input':
      if (typeof v.is_decimal_allowed !== 'boolean') r.add(`${path}/is_decimal_allowed`, 'missing required boolean');
      break;
    case 'image':
      imageSource(r, path, v);
      break;
  }
}

function plainTextInput(r: Report, path: string, v: Obj): void {
  const max = LIMITS.plainTextInputLength;
  const intIn = (key: string, lo: number): number | undefined => {
    const n = v[key];
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || (n as number) < lo || (n as number) > max) {
      r.add(`${path}/${key}`, `must be an integer between ${lo} and ${max}`);
      return undefined;
    }
    return n as number;
  };
  const minLength = intIn('min_length', 0);
  const maxLength = intIn('max_length', 1);
  bool(r, `${path}/multiline`, v.multiline);
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    r.add(`${path}/min_length`, 'must not exceed max_length');
  }
  str(r, `${path}/initial_value`, v.initial_value, { max: maxLength ?? max });
}

type BlockCheck = (r: Report, path: string, b: Obj, surface: Surface) => void;

const BLOCKS: Record<string, { props: readonly string[]; surfaces?: readonly Surface[]; check?: BlockCheck }> = {
  section: {
    props: ['type', 'block_id', 'text', 'fields', 'accessory', 'expand'],
    check: (r, p, b) => {
      if (b.text === undefined && b.fields === undefined) r.add(p, 'must provide text or fields');
      text(r, `${p}/text`, b.text, { max: LIMITS.sectionText });
      arr(r, `${p}/fields`, b.fields, { max: LIMITS.sectionFields, min: 1 }).forEach((f, i) =>
        text(r, `${p}/fields/${i}`, f, { max: LIMITS.sectionField }),
      );
      if (b.accessory !== undefined) element(r, `${p}/accessory`, b.accessory, 'accessory');
      bool(r, `${p}/expand`, b.expand);
    },
  },
  divider: { props: ['type', 'block_id'] },
  header: {
    props: ['type', 'block_id', 'text'],
    check: (r, p, b) => text(r, `${p}/text`, b.text, { max: LIMITS.headerText, plainOnly: true, required: true }),
  },
  context: {
    props: ['type', 'block_id', 'elements'],
    check: (r, p, b) => {
      arr(r, `${p}/elements`, b.elements, { max: LIMITS.contextElements, min: 1, required: true }).forEach((e, i) => {
        const ep = `${p}/elements/${i}`;
        if (isObj(e) && e.type === 'image') {
          props(r, ep, e, ELEMENT_PROPS.image ?? []);
          imageSource(r, ep, e);
        } else {
          text(r, ep, e, { max: LIMITS.textObject });
        }
      });
    },
  },
  actions: {
    props: ['type', 'block_id', 'elements'],
    check: (r, p, b) => {
      arr(r, `${p}/elements`, b.elements, { max: LIMITS.actionsElements, min: 1, required: true }).forEach((e, i) =>
        element(r, `${p}/elements/${i}`, e, 'actions'),
      );
    },
  },
  input: {
    props: ['type', 'block_id', 'label', 'element', 'dispatch_action', 'hint', 'optional'],
    check: (r, p, b) => {
      text(r, `${p}/label`, b.label, { max: LIMITS.inputLabel, plainOnly: true, required: true });
      text(r, `${p}/hint`, b.hint, { max: LIMITS.inputHint, plainOnly: true });
      bool(r, `${p}/optional`, b.optional);
      bool(r, `${p}/dispatch_action`, b.dispatch_action);
      if (b.element === undefined) r.add(`${p}/element`, 'missing required field');
      else element(r, `${p}/element`, b.element, 'input');
    },
  },
  image: {
    props: ['type', 'block_id', 'image_url', 'slack_file', 'alt_text', 'title'],
    check: (r, p, b) => {
      imageSource(r, p, b);
      text(r, `${p}/title`, b.title, { max: LIMITS.imageTitle, plainOnly: true });
    },
  },
  markdown: {
    props: ['type', 'block_id', 'text'],
    surfaces: ['message'],
    check: (r, p, b) => str(r, `${p}/text`, b.text, { max: LIMITS.markdownBlockText, min: 1, required: true }),
  },
  rich_text: {
    props: ['type', 'block_id', 'elements'],
    check: (r, p, b) => void arr(r, `${p}/elements`, b.elements, { max: Infinity, required: true }),
  },
  video: {
    props: [
      'type',
      'block_id',
      'video_url',
      'thumbnail_url',
      'alt_text',
      'title',
      'title_url',
      'author_name',
      'provider_name',
      'provider_icon_url',
      'description',
    ],
    check: (r, p, b) => {
      for (const key of ['video_url', 'thumbnail_url', 'alt_text']) str(r, `${p}/${key}`, b[key], { max: LIMITS.url, required: true });
      text(r, `${p}/title`, b.title, { max: 200, plainOnly: true, required: true });
    },
  },
  file: { props: ['type', 'block_id', 'external_id', 'source'], surfaces: ['message'] },
  table: { props: ['type', 'block_id', 'rows', 'column_settings'], surfaces: ['message'] },
};

/**
 * Validate a `blocks` array for the given surface. Returns human-readable violations;
 * an empty list means Slack would accept it (as far as the documented limits go).
 */
export function blockKitViolations(blocks: unknown, surface: Surface, basePath = '/blocks'): string[] {
  const r = new Report();
  const max = surface === 'message' ? LIMITS.blocksPerMessage : LIMITS.blocksPerView;
  const list = arr(r, basePath, blocks, { max, required: true });
  const blockIds = new Set<string>();
  list.forEach((b, i) => {
    const p = `${basePath}/${i}`;
    if (!isObj(b)) return r.add(p, 'must be a block object');
    const spec = typeof b.type === 'string' ? BLOCKS[b.type] : undefined;
    if (!spec) return r.add(`${p}/type`, `unknown block type ${JSON.stringify(b.type)}`);
    if (spec.surfaces && !spec.surfaces.includes(surface)) {
      return r.add(`${p}/type`, `block type "${String(b.type)}" is not supported in ${surface} surfaces`);
    }
    props(r, p, b, spec.props);
    str(r, `${p}/block_id`, b.block_id, { max: LIMITS.blockId, min: 1 });
    if (typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id)) r.add(`${p}/block_id`, `duplicate block_id "${b.block_id}"`);
      blockIds.add(b.block_id);
    }
    spec.check?.(r, p, b, surface);
    duplicateActionIds(r, p, b);
  });
  return r.list;
}

/** action_id must be unique among the interactive elements of one block. */
function duplicateActionIds(r: Report, path: string, b: Obj): void {
  if (!Array.isArray(b.elements)) return;
  const seen = new Set<string>();
  b.elements.forEach((e, i) => {
    if (!isObj(e) || typeof e.action_id !== 'string') return;
    if (seen.has(e.action_id)) r.add(`${path}/elements/${i}/action_id`, `duplicate action_id "${e.action_id}"`);
    seen.add(e.action_id);
  });
}

/** Validate a message payload (chat.postMessage / chat.update / response_url body). */
export function messageViolations(message: { text?: unknown; blocks?: unknown; attachments?: unknown }): string[] {
  const out: string[] = [];
  if (message.text !== undefined) {
    if (typeof message.text !== 'string') out.push('/text: must be a string');
    else if (message.text.length > LIMITS.messageText) {
      out.push(`/text: must be at most ${LIMITS.messageText} characters (got ${message.text.length})`);
    }
  }
  if (message.blocks !== undefined) out.push(...blockKitViolations(message.blocks, 'message'));
  if (Array.isArray(message.attachments)) {
    message.attachments.forEach((a, i) => {
      if (isObj(a) && a.blocks !== undefined) {
        out.push(...blockKitViolations(a.blocks, 'message', `/attachments/${i}/blocks`));
      }
    });
  }
  return out;
}

const VIEW_PROPS = {
  modal: [
    'type',
    'title',
    'blocks',
    'close',
    'submit',
    'private_metadata',
    'callback_id',
    'clear_on_close',
    'notify_on_close',
    'external_id',
    'submit_disabled',
  ],
  home: ['type', 'blocks', 'private_metadata', 'callback_id', 'external_id'],
} as const;

/** Validate a view payload (views.open / update / push / publish). */
export function viewViolations(view: unknown): string[] {
  const r = new Report();
  if (!isObj(view)) {
    r.add('/view', 'must be a view object');
    return r.list;
  }
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    r.add('/view/type', `must be "modal" or "home" (got ${JSON.stringify(type)})`);
    return r.list;
  }
  props(r, '/view', view, VIEW_PROPS[type]);
  if (type === 'modal') {
    text(r, '/view/title', view.title, { max: LIMITS.viewTitle, plainOnly: true, required: true });
    text(r, '/view/close', view.close, { max: LIMITS.viewButton, plainOnly: true });
    text(r, '/view/submit', view.submit, { max: LIMITS.viewButton, plainOnly: true });
    bool(r, '/view/clear_on_close', view.clear_on_close);
    bool(r, '/view/notify_on_close', view.notify_on_close);
    // Slack refuses a modal with input blocks but no submit button: the user could never submit.
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) r.add('/view/submit', 'required when blocks contain an input block');
  }
  str(r, '/view/private_metadata', view.private_metadata, { max: LIMITS.privateMetadata });
  str(r, '/view/callback_id', view.callback_id, { max: LIMITS.callbackId });
  str(r, '/view/external_id', view.external_id, { max: LIMITS.externalId });
  return [...r.list, ...blockKitViolations(view.blocks, type, '/view/blocks')];
}
