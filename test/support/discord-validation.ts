/**
 * Discord's documented payload limits, checked the way the real API checks them, so a bot that
 * would be rejected in production is rejected here too (400, code 50035 "Invalid Form Body").
 */
import type { JsonObject, ViolationIssue } from './discord-types.ts';

export const MessageFlag = {
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressEmbeds: 1 << 2,
  IsComponentsV2: 1 << 15,
} as const;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Issues {
  readonly list: ViolationIssue[] = [];

  add(path: string, code: string, message: string): void {
    this.list.push({ path, code, message });
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  /** `string` must be at most `max` long (Discord counts UTF-16 code units' characters; we count code points). */
  maxLength(path: string, value: unknown, max: number, required = false): void {
    if (value === undefined || value === null) {
      if (required) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return;
    }
    if (typeof value !== 'string') {
      this.add(path, 'BASE_TYPE_STRING', 'Could not interpret value as string.');
      return;
    }
    const length = [...value].length;
    if (required && length === 0) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    else if (length > max) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }

  between(path: string, value: unknown, min: number, max: number): void {
    if (typeof value !== 'string') {
      this.add(path, value === undefined || value === null ? 'BASE_TYPE_REQUIRED' : 'BASE_TYPE_STRING',
        value === undefined || value === null ? 'This field is required' : 'Could not interpret value as string.');
      return;
    }
    const length = [...value].length;
    if (length < min || length > max) this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }

  arrayMax(path: string, value: unknown, max: number): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.add(path, 'BASE_TYPE_ARRAY', 'Could not interpret value as array.');
      return [];
    }
    if (value.length > max) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    return value as unknown[];
  }

  url(path: string, value: unknown, schemes: readonly string[] = ['http', 'https']): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') {
      this.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
      return;
    }
    let scheme: string;
    try {
      scheme = new URL(value).protocol.replace(/:$/, '');
    } catch {
      this.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
      return;
    }
    if (!schemes.includes(scheme)) {
      this.add(path, 'URL_TYPE_INVALID_SCHEME',
        `Scheme "${scheme}" is not supported. Scheme must be one of (${schemes.map((s) => `'${s}'`).join(', ')}).`);
    }
  }
}

function join(prefix: string, key: string | number): string {
  return prefix ? `${prefix}.${key}` : String(key);
}

/** Turn a flat issue list into Discord's nested `errors` object: `{ data: { content: { _errors: [...] } } }`. */
export function errorTree(issues: readonly ViolationIssue[]): JsonObject {
  const root: JsonObject = {};
  for (const issue of issues) {
    let node = root;
    for (const part of issue.path.split('.').filter(Boolean)) {
      const next = node[part];
      if (isObject(next)) node = next;
      else {
        const created: JsonObject = {};
        node[part] = created;
        node = created;
      }
    }
    const errors = Array.isArray(node['_errors']) ? (node['_errors'] as unknown[]) : [];
    errors.push({ code: issue.code, message: issue.message });
    node['_errors'] = errors;
  }
  return root;
}

const IMAGE_SCHEMES = ['http', 'https', 'attachment'] as const;

function embedText(embed: JsonObject): number {
  const len = (v: unknown): number => (typeof v === 'string' ? [...v].length : 0);
  let total = len(embed['title']) + len(embed['description']);
  if (isObject(embed['footer'])) total += len(embed['footer']['text']);
  if (isObject(embed['author'])) total += len(embed['author']['name']);
  if (Array.isArray(embed['fields'])) {
    for (const field of embed['fields'] as unknown[]) {
      if (isObject(field)) total += len(field['name']) + len(field['value']);
    }
  }
  return total;
}

export function validateEmbeds(embedsValue: unknown, path: string, issues: Issues): void {
  const embeds = issues.arrayMax(path, embedsValue, 10);
  let total = 0;
  embeds.forEach((embed, i) => {
    const p = join(path, i);
    if (!isObject(embed)) {
      issues.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    issues.maxLength(join(p, 'title'), embed['title'], 256);
    issues.maxLength(join(p, 'description'), embed['description'], 4096);
    issues.url(join(p, 'url'), embed['url']);
    const fields = issues.arrayMax(join(p, 'fields'), embed['fields'], 25);
    fields.forEach((field, j) => {
      const fp = join(join(p, 'fields'), j);
      if (!isObject(field)) {
        issues.add(fp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
        return;
      }
      issues.maxLength(join(fp, 'name'), field['name'], 256, true);
      issues.maxLength(join(fp, 'value'), field['value'], 1024, true);
    });
    if (embed['footer'] !== undefined && embed['footer'] !== null) {
      const footer = isObject(embed['footer']) ? embed['footer'] : {};
      issues.maxLength(join(p, 'footer.text'), footer['text'], 2048, true);
      issues.url(join(p, 'footer.icon_url'), footer['icon_url'], IMAGE_SCHEMES);
    }
    if (embed['author'] !== undefined && embed['author'] !== null) {
      const author = isObject(embed['author']) ? embed['author'] : {};
      issues.maxLength(join(p, 'author.name'), author['name'], 256, true);
      issues.url(join(p, 'author.url'), author['url']);
      issues.url(join(p, 'author.icon_url'), author['icon_url'], IMAGE_SCHEMES);
    }
    for (const media of ['image', 'thumbnail'] as const) {
      const m = embed[media];
      if (isObject(m)) issues.url(join(p, `${media}.url`), m['url'], IMAGE_SCHEMES);
    }
    total += embedText(embed);
  });
  if (total > 6000) issues.add(path, 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

function validateInteractive(component: JsonObject, p: string, issues: Issues, customIds: Set<string>): void {
  const type = component['type'];
  const customId = component['custom_id'];
  if (typeof customId === 'string') {
    if (customIds.has(customId)) {
      issues.add(join(p, 'custom_id'), 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    }
    customIds.add(customId);
  }
  if (type === 2) {
    const style = component['style'];
    issues.maxLength(join(p, 'label'), component['label'], 80);
    if (style === 5) {
      if (typeof component['url'] !== 'string') issues.add(join(p, 'url'), 'BASE_TYPE_REQUIRED', 'This field is required');
      else issues.url(join(p, 'url'), component['url'], ['http', 'https', 'discord']);
      if (customId !== undefined) {
        issues.add(join(p, 'custom_id'), 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be set on a link button');
      }
    } else if (style !== 6) {
      issues.between(join(p, 'custom_id'), customId, 1, 100);
    }
    if (![1, 2, 3, 4, 5, 6].includes(style as number)) {
      issues.add(join(p, 'style'), 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
    }
  } else if (SELECT_TYPES.has(type as number)) {
    issues.between(join(p, 'custom_id'), customId, 1, 100);
    issues.maxLength(join(p, 'placeholder'), component['placeholder'], 150);
    if (type === 3) {
      const options = issues.arrayMax(join(p, 'options'), component['options'], 25);
      if (options.length === 0) issues.add(join(p, 'options'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
      options.forEach((option, k) => {
        const op = join(join(p, 'options'), k);
        if (!isObject(option)) return;
        issues.between(join(op, 'label'), option['label'], 1, 100);
        issues.between(join(op, 'value'), option['value'], 1, 100);
        issues.maxLength(join(op, 'description'), option['description'], 100);
      });
    }
  }
}

/** Classic (non components-v2) message components: at most 5 action rows of at most 5 buttons or 1 select. */
export function validateComponents(value: unknown, path: string, issues: Issues, componentsV2: boolean): void {
  const customIds = new Set<string>();
  if (componentsV2) {
    // Components v2: up to 40 components in total, nested arbitrarily.
    let count = 0;
    const walk = (node: unknown, p: string): void => {
      if (!isObject(node)) return;
      count += 1;
      validateInteractive(node, p, issues, customIds);
      if (Array.isArray(node['components'])) (node['components'] as unknown[]).forEach((c, i) => walk(c, join(join(p, 'components'), i)));
      if (isObject(node['accessory'])) walk(node['accessory'], join(p, 'accessory'));
    };
    const top = issues.arrayMax(path, value, 40);
    top.forEach((c, i) => walk(c, join(path, i)));
    if (count > 40) issues.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 40 or fewer in length.');
    return;
  }
  const rows = issues.arrayMax(path, value, 5);
  rows.forEach((row, i) => {
    const rp = join(path, i);
    if (!isObject(row) || row['type'] !== 1) {
      issues.add(join(rp, 'type'), 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    const children = issues.arrayMax(join(rp, 'components'), row['components'], 5);
    if (children.length === 0) issues.add(join(rp, 'components'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    const selects = children.filter((c) => isObject(c) && SELECT_TYPES.has(c['type'] as number)).length;
    if (selects > 0 && children.length > 1) {
      issues.add(join(rp, 'components'), 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    }
    children.forEach((child, j) => {
      if (isObject(child)) validateInteractive(child, join(join(rp, 'components'), j), issues, customIds);
    });
  });
}

export interface MessageValidationOptions {
  /** Number of uploaded files in this request. */
  files: number;
  /** Flags the resulting message will have (for components v2 rules). */
  flags?: number;
}

/** Validate a message create/edit body (callback `data`, webhook body). `path` is the prefix (`data` for callbacks). */
export function validateMessageBody(body: JsonObject, path: string, issues: Issues, options: MessageValidationOptions): void {
  const flags = typeof body['flags'] === 'number' ? body['flags'] : (options.flags ?? 0);
  const componentsV2 = (flags & MessageFlag.IsComponentsV2) !== 0;
  if (componentsV2) {
    if (typeof body['content'] === 'string' && body['content'].length > 0) {
      issues.add(join(path, 'content'), 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        'The \'content\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2');
    }
    if (Array.isArray(body['embeds']) && body['embeds'].length > 0) {
      issues.add(join(path, 'embeds'), 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        'The \'embeds\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2');
    }
  }
  issues.maxLength(join(path, 'content'), body['content'], 2000);
  validateEmbeds(body['embeds'], join(path, 'embeds'), issues);
  validateComponents(body['components'], join(path, 'components'), issues, componentsV2);
  issues.arrayMax(join(path, 'attachments'), body['attachments'], 10);
  if (options.files > 10) issues.add(join(path, 'files'), 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  const allowed = body['allowed_mentions'];
  if (isObject(allowed)) {
    const parse = Array.isArray(allowed['parse']) ? (allowed['parse'] as unknown[]) : [];
    for (const [i, p] of parse.entries()) {
      if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
        issues.add(join(path, `allowed_mentions.parse.${i}`), 'BASE_TYPE_CHOICES', 'Value must be one of (\'roles\', \'users\', \'everyone\').');
      }
    }
    for (const kind of ['users', 'roles'] as const) {
      const list = allowed[kind];
      if (parse.includes(kind) && Array.isArray(list) && list.length > 0) {
        issues.add(join(path, 'allowed_mentions'), 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
          `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`);
      }
      if (Array.isArray(list) && list.length > 100) {
        issues.add(join(path, `allowed_mentions.${kind}`), 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
      }
    }
  }
}

/** A message is empty when it has no content, embeds, components, attachments, stickers or poll. */
export function isEmptyMessage(message: JsonObject): boolean {
  const nonEmptyArray = (v: unknown): boolean => Array.isArray(v) && v.length > 0;
  return !(
    (typeof message['content'] === 'string' && message['content'].length > 0) ||
    nonEmptyArray(message['embeds']) ||
    nonEmptyArray(message['components']) ||
    nonEmptyArray(message['attachments']) ||
    nonEmptyArray(message['sticker_ids']) ||
    isObject(message['poll'])
  );
}

export function validateAutocompleteData(data: JsonObject | undefined, issues: Issues): void {
  const choices = issues.arrayMax('data.choices', data?.['choices'], 25);
  if (!data || !Array.isArray(data['choices'])) issues.add('data.choices', 'BASE_TYPE_REQUIRED', 'This field is required');
  choices.forEach((choice, i) => {
    const p = `data.choices.${i}`;
    if (!isObject(choice)) {
      issues.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    issues.between(`${p}.name`, choice['name'], 1, 100);
    const value = choice['value'];
    if (typeof value === 'string') issues.maxLength(`${p}.value`, value, 100);
    else if (typeof value !== 'number') issues.add(`${p}.value`, 'BASE_TYPE_REQUIRED', 'This field is required');
  });
}

function validateTextInput(input: JsonObject, p: string, issues: Issues, labelRequired: boolean): void {
  issues.between(`${p}.custom_id`, input['custom_id'], 1, 100);
  if (input['style'] !== 1 && input['style'] !== 2) issues.add(`${p}.style`, 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2}.');
  if (labelRequired) issues.between(`${p}.label`, input['label'], 1, 45);
  else issues.maxLength(`${p}.label`, input['label'], 45);
  issues.maxLength(`${p}.placeholder`, input['placeholder'], 100);
  issues.maxLength(`${p}.value`, input['value'], 4000);
  for (const key of ['min_length', 'max_length'] as const) {
    const v = input[key];
    if (v !== undefined && (typeof v !== 'number' || v < (key === 'min_length' ? 0 : 1) || v > 4000)) {
      issues.add(`${p}.${key}`, 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
    }
  }
}

/** A string select in a modal's label (discord.com/developers/docs/components/reference#string-select). */
function validateStringSelect(select: JsonObject, p: string, issues: Issues): void {
  issues.between(`${p}.custom_id`, select['custom_id'], 1, 100);
  issues.maxLength(`${p}.placeholder`, select['placeholder'], 150);
  const options = issues.arrayMax(`${p}.options`, select['options'], 25);
  if (options.length === 0) issues.add(`${p}.options`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
  options.forEach((option, j) => {
    if (!isObject(option)) return;
    issues.between(`${p}.options.${j}.label`, option['label'], 1, 100);
    issues.between(`${p}.options.${j}.value`, option['value'], 1, 100);
    issues.maxLength(`${p}.options.${j}.description`, option['description'], 100);
  });
  for (const key of ['min_values', 'max_values'] as const) {
    const v = select[key];
    if (v !== undefined && (typeof v !== 'number' || v < (key === 'min_values' ? 0 : 1) || v > 25)) issues.add(`${p}.${key}`, 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 25.');
  }
}

export function validateModalData(data: JsonObject | undefined, issues: Issues): void {
  if (!data) {
    issues.add('data', 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  issues.between('data.title', data['title'], 1, 45);
  issues.between('data.custom_id', data['custom_id'], 1, 100);
  const components = issues.arrayMax('data.components', data['components'], 5);
  if (components.length === 0) issues.add('data.components', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  components.forEach((component, i) => {
    const p = `data.components.${i}`;
    if (!isObject(component)) return;
    if (component['type'] === 1) {
      const children = Array.isArray(component['components']) ? (component['components'] as unknown[]) : [];
      if (children.length !== 1) issues.add(`${p}.components`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 1 in length.');
      children.forEach((child, j) => {
        if (isObject(child) && child['type'] === 4) validateTextInput(child, `${p}.components.${j}`, issues, true);
      });
    } else if (component['type'] === 18) {
      issues.between(`${p}.label`, component['label'], 1, 45);
      issues.maxLength(`${p}.description`, component['description'], 100);
      const child = component['component'];
      if (!isObject(child)) issues.add(`${p}.component`, 'BASE_TYPE_REQUIRED', 'This field is required');
      else if (child['type'] === 4) validateTextInput(child, `${p}.component`, issues, false);
      else if (child['type'] === 3) validateStringSelect(child, `${p}.component`, issues);
    } else if (component['type'] === 10) {
      issues.maxLength(`${p}.content`, component['content'], 4000, true);
    }
  });
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommandOptions(value: unknown, path: string, issues: Issues, depth: number): void {
  const options = issues.arrayMax(path, value, 25);
  const names = new Set<string>();
  let seenOptional = false;
  options.forEach((option, i) => {
    const p = join(path, i);
    if (!isObject(option)) return;
    const name = option['name'];
    if (typeof name !== 'string' || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
      issues.add(join(p, 'name'), 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    } else if (names.has(name)) {
      issues.add(join(p, 'name'), 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
    } else names.add(name);
    issues.between(join(p, 'description'), option['description'], 1, 100);
    const type = option['type'];
    if (typeof type !== 'number' || type < 1 || type > 11) {
      issues.add(join(p, 'type'), 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.');
    }
    if (type === 1 || type === 2) {
      if (depth >= 2 || (type === 2 && depth >= 1)) {
        issues.add(join(p, 'type'), 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-command options cannot be nested this deep');
      }
      validateCommandOptions(option['options'], join(p, 'options'), issues, depth + 1);
      return;
    }
    if (option['required'] === true) {
      if (seenOptional) {
        issues.add(join(p, 'required'), 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options');
      }
    } else seenOptional = true;
    const choices = issues.arrayMax(join(p, 'choices'), option['choices'], 25);
    if (choices.length > 0 && option['autocomplete'] === true) {
      issues.add(join(p, 'autocomplete'), 'APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE_EXCLUSIVE',
        'Autocomplete cannot be set on an option with choices');
    }
    choices.forEach((choice, j) => {
      if (!isObject(choice)) return;
      issues.between(join(join(join(p, 'choices'), j), 'name'), choice['name'], 1, 100);
      if (typeof choice['value'] === 'string') issues.maxLength(join(join(join(p, 'choices'), j), 'value'), choice['value'], 100);
    });
  });
}

/** Validate one application command definition (as sent to POST/PUT .../commands). */
export function validateCommandDefinition(def: unknown, path: string, issues: Issues): void {
  if (!isObject(def)) {
    issues.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = def['type'] ?? 1;
  const name = def['name'];
  if (typeof name !== 'string' || (type === 1 ? !COMMAND_NAME.test(name) || name !== name.toLowerCase() : name.length < 1 || name.length > 32)) {
    issues.add(join(path, 'name'), 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  if (type === 1) {
    issues.between(join(path, 'description'), def['description'], 1, 100);
    validateCommandOptions(def['options'], join(path, 'options'), issues, 0);
  } else if (def['description'] !== undefined && def['description'] !== '') {
    issues.add(join(path, 'description'), 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have a description');
  }
}

export function validateCommandList(defs: unknown, issues: Issues): void {
  if (!Array.isArray(defs)) {
    issues.add('', 'BASE_TYPE_ARRAY', 'Could not interpret value as array.');
    return;
  }
  const seen = new Set<string>();
  (defs as unknown[]).forEach((def, i) => {
    validateCommandDefinition(def, String(i), issues);
    if (isObject(def)) {
      const key = `${String(def['type'] ?? 1)}:${String(def['name'])}`;
      if (seen.has(key)) issues.add(`${i}.name`, 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
      seen.add(key);
    }
  });
  const chatInput = (defs as unknown[]).filter((d) => isObject(d) && (d['type'] ?? 1) === 1).length;
  if (chatInput > 100) issues.add('', 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
}
