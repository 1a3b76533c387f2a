import type { ButtonFacts, ControlFacts, FormFacts } from './dom-facts.ts';
import { cleanLabel, fieldKey, isJapanese, REQUIRED_MARKER } from './field-names.ts';

export type FieldKind =
  | 'text'
  | 'email'
  | 'tel'
  | 'number'
  | 'url'
  | 'date'
  | 'textarea'
  | 'select'
  | 'checkbox'
  | 'radio'
  | 'file';

export type LabelSource = 'aria-labelledby' | 'aria-label' | 'label' | 'placeholder' | 'group' | 'none';

/** One field as a person sees it. Plain data: the drafting works on this alone. */
export interface ReadField {
  key: string;
  /** The visible label without its 必須 badge; '' when the field has none. */
  label: string;
  labelSource: LabelSource;
  kind: FieldKind;
  required: boolean;
  requiredBy?: 'required attribute' | 'aria-required' | 'visible marker';
  /** select and radio: the options a person can pick, by their text (a select's empty placeholder option apart). */
  options: string[];
  /** select: the text of its empty first option (選択してください), which leaves it unanswered. */
  placeholderOption?: string;
  maxLength?: number;
  /** The label does not find this control the way cutover fills forms: this selector does. */
  selector?: string;
  /** The label needs an exact match (it is part of another field's label). */
  exact: boolean;
  /** Why this field needs a person to look at it. */
  todo?: string;
  /** The DOM element (or, for a radio group, its first radio) this field was read from: to check locators. */
  ref: string;
}

export interface ReadButtons {
  /** The button that leads to a confirmation screen (入力内容の確認), when it looks like one. */
  confirm?: string;
  /** The button that sends the form, when it is on the form page. */
  submit?: string;
  todo?: string;
}

export interface ReadForm {
  /** The form page as opened. */
  url: string;
  /** The form is embedded: the frame it was found in (`frame: { src }` in the config). */
  frame?: { src: string };
  /** The accept button of a cookie banner on the page, drafted as a `before:` step. */
  consentButton?: string;
  japanese: boolean;
  /** The browser's own validation runs (no novalidate): invalid fields match :invalid rather than aria-invalid. */
  nativeValidation: boolean;
  fields: ReadField[];
  buttons: ReadButtons;
}

const BACK = /戻る|修正|訂正|back|edit|キャンセル|cancel|リセット|reset|クリア|clear|閉じる|close/i;
const CONFIRM = /確認|confirm|review|次へ|next|進む/i;
const SEND = /送信|submit|send|申し?込|登録|応募|完了|注文|請求/i;

/** The form as a person sees it: fields by accessible label, radios as one group, required fields, the buttons. */
export function toReadForm(url: string, facts: FormFacts): ReadForm {
  const fields: ReadField[] = [];
  const seenGroups = new Set<string>();
  for (const control of facts.controls) {
    if (control.type === 'radio') {
      const key = control.groupRef || `radio:${control.name}`;
      if (seenGroups.has(key)) continue;
      seenGroups.add(key);
      const members = facts.controls.filter(
        (c) =>
          c.type === 'radio' &&
          (control.groupRef ? c.groupRef === control.groupRef : c.name === control.name),
      );
      fields.push(radioGroup(control, members));
      continue;
    }
    fields.push(field(control));
  }
  uniqueKeys(fields);
  exactWhereNeeded(fields);
  return {
    url,
    japanese: isJapanese(
      facts.lang,
      fields.map((f) => f.label),
    ),
    nativeValidation: !facts.noValidate,
    fields,
    buttons: readButtons(facts.buttons),
  };
}

function field(c: ControlFacts): ReadField {
  const { text, source } = accessibleName(c);
  const label = cleanLabel(text);
  const kind = kindOf(c);
  const placeholderOption = c.options.find((o, i) => i === 0 && o.value === '')?.text;
  return {
    key: fieldKey(label, kind, c.name),
    label,
    labelSource: label ? source : 'none',
    kind,
    ...requiredness(c.required, c.ariaRequired, `${text} ${c.labelContext}`),
    options: c.options.filter((o) => !(o.value === '' && o.text === placeholderOption)).map((o) => o.text),
    ...(placeholderOption !== undefined ? { placeholderOption } : {}),
    ...(c.maxLength > 0 ? { maxLength: c.maxLength } : {}),
    exact: false,
    ref: c.ref,
    ...(label
      ? {}
      : { todo: 'no label, aria-label or placeholder names this field', selector: selectorOf(c) }),
  };
}

function radioGroup(first: ControlFacts, members: ControlFacts[]): ReadField {
  const label = cleanLabel(first.groupName);
  const required = members.some((m) => m.required || m.ariaRequired);
  return {
    key: fieldKey(label, 'radio', first.name),
    label,
    labelSource: label ? 'group' : 'none',
    kind: 'radio',
    ...requiredness(required, false, `${first.groupName} ${first.groupContext}`),
    options: members.map((m) => cleanLabel(m.labels.find((l) => l.length > 0) || m.ariaLabel || m.value)),
    exact: false,
    ref: first.ref,
    ...(label
      ? {}
      : {
          todo: 'these radio buttons are not in a named group (fieldset with legend, or role=radiogroup with a label): cutover picks a radio by the group’s label',
        }),
  };
}

function accessibleName(c: ControlFacts): { text: string; source: LabelSource } {
  if (c.labelledBy) return { text: c.labelledBy, source: 'aria-labelledby' };
  if (c.ariaLabel) return { text: c.ariaLabel, source: 'aria-label' };
  const label = c.labels.find((l) => l.length > 0);
  if (label) return { text: label, source: 'label' };
  if (c.placeholder) return { text: c.placeholder, source: 'placeholder' };
  return { text: '', source: 'none' };
}

function requiredness(
  attribute: boolean,
  aria: boolean,
  nearLabel: string,
): Pick<ReadField, 'required' | 'requiredBy'> {
  if (attribute) return { required: true, requiredBy: 'required attribute' };
  if (aria) return { required: true, requiredBy: 'aria-required' };
  if (REQUIRED_MARKER.test(nearLabel)) return { required: true, requiredBy: 'visible marker' };
  return { required: false };
}

function kindOf(c: ControlFacts): FieldKind {
  if (c.tag === 'select') return 'select';
  if (c.tag === 'textarea') return 'textarea';
  const known: readonly FieldKind[] = ['email', 'tel', 'number', 'url', 'date', 'checkbox', 'radio', 'file'];
  return (known as readonly string[]).includes(c.type) ? (c.type as FieldKind) : 'text';
}

/** A CSS selector for a control that has no usable label: its id, else its name, else its placeholder. */
export function selectorOf(c: Pick<ControlFacts, 'id' | 'name' | 'placeholder' | 'tag'>): string {
  const quote = (s: string) => JSON.stringify(s);
  if (c.id) return `[id=${quote(c.id)}]`;
  if (c.name) return `${c.tag}[name=${quote(c.name)}]`;
  if (c.placeholder) return `${c.tag}[placeholder=${quote(c.placeholder)}]`;
  return c.tag;
}

function uniqueKeys(fields: ReadField[]): void {
  const used = new Map<string, number>();
  for (const f of fields) {
    const n = (used.get(f.key) ?? 0) + 1;
    used.set(f.key, n);
    if (n > 1) f.key = `${f.key}_${n}`;
  }
}

/** A label that is part of another field's label (名 in 氏名) is matched exactly, as cutover matches substrings by default. */
function exactWhereNeeded(fields: ReadField[]): void {
  for (const f of fields) {
    if (
      f.label &&
      fields.some((other) => other !== f && other.label !== f.label && other.label.includes(f.label))
    )
      f.exact = true;
  }
}

function readButtons(buttons: ButtonFacts[]): ReadButtons {
  const candidates = buttons.filter((b) => b.visible && b.inForm && b.name && !BACK.test(b.name));
  const confirm = candidates.find((b) => CONFIRM.test(b.name) && !SEND.test(b.name.replace(/確認/g, '')));
  if (confirm) return { confirm: confirm.name };
  const submits = candidates.filter((b) => b.type === 'submit');
  const send =
    submits.find((b) => SEND.test(b.name)) ?? submits[0] ?? candidates.find((b) => SEND.test(b.name));
  if (send) return { submit: send.name };
  return { todo: 'no button that sends or confirms the form was found' };
}

export { BACK, SEND };
