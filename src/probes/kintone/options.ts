import { z } from 'zod';
import { urlSchema } from '../../foundation/common.schema.ts';
import { boundedDuration, DURATION_LIMITS } from '../../foundation/duration.ts';
import { secretRefSchema } from '../../foundation/secret.ts';
import { nameOption } from '../options.ts';

/**
 * A kintone field code as a query names it, unquoted: letters (kana and kanji too), digits, `_`,
 * `・` and `＿` — never a space, a quote or an operator.
 */
export const FIELD_CODE = /^[\p{L}\p{N}\p{M}_・＿]+$/u;

const fieldCode = (example: string) =>
  z.string().regex(FIELD_CODE, { error: `expected a kintone field code like "${example}"` });

export const kintoneOptionsSchema = z
  .strictObject({
    use: z.literal('kintone'),
    ...nameOption,
    url: urlSchema.describe(
      'Your kintone domain, https://<subdomain>.cybozu.com (or .kintone.com); the REST API is under /k/v1',
    ),
    app: z
      .union([
        z.number().int().positive(),
        z.string().regex(/^[1-9]\d*$/, { error: 'expected an app id like 123' }),
      ])
      .transform(String)
      .describe('The app’s id: the number in its URL, https://example.cybozu.com/k/123/'),
    token: secretRefSchema.describe(
      'An API token of the app (app settings → API token) with View records and Delete records, as env("KINTONE_TOKEN"); sent as X-Cybozu-API-Token',
    ),
    emailField: fieldCode('メールアドレス')
      .default('メールアドレス')
      .describe(
        'Field code of the field the form’s email lands in (a Text or Link field; default "メールアドレス"). A case finds the records whose field equals its synthetic email.',
      ),
    markerField: fieldCode('お問い合わせ内容')
      .optional()
      .describe(
        'Field code of a free-text field the form’s message lands in, e.g. "お問い合わせ内容". A case then also finds (and cleans up) records whose field carries its marker (`like`), so a case whose input is not the synthetic email is found too; `cutover cleanup` searches it. Only records that really carry the marker count.',
      ),
    createdTimeField: fieldCode('作成日時')
      .default('作成日時')
      .describe(
        'Field code of the app’s Created datetime (CREATED_TIME) field: "作成日時" in an app created in Japanese (the default), "Created_datetime" in English. Sweeps and counts query by it; the creation time is read from whichever field has that type.',
      ),
    createdAtResolution: boundedDuration(DURATION_LIMITS.step, 1)
      .default(60_000)
      .describe(
        'How finely kintone stamps 作成日時 (default "1m": kintone keeps it to the minute, "2026-12-07T08:15:00Z"). The delay interval’s lower bound is the stamp, its resolution this.',
      ),
  })
  .meta({
    description:
      'kintone (Cybozu) app records over the REST API with an API token: finds records by `emailField = "…"` (and, with `markerField`, `like "<marker>"`), pages by `$id`, deletes by record id (up to 100 a request); retries 429 (GAIA_TO04) and 503, reads auth failures by kintone’s code (GAIA_IA02 comes as 400). Receive time: 作成日時 (CREATED_TIME), 1 min.',
    fieldNaming:
      'Field codes (フィールドコード), as in the app’s form settings → the field’s settings → “Field Code”, never the field name: often Japanese, `会社名`, `メールアドレス`, `utm_campaign`. Values are the field’s `value` as text: check boxes, multi-choice and files joined with ", ", users, organizations and groups by name (作成者 and 更新者 too); a table (SUBTABLE) gives one key per cell, `<table>.<row>.<field>` with rows from 0 (`対応履歴.0.対応内容`). kintone’s own fields are there too: `$id`, `$revision`, `レコード番号`, `作成日時`, `更新日時`.',
  });

export type KintoneProbeOptions = z.output<typeof kintoneOptionsSchema>;
