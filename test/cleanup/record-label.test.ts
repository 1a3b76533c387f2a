import { describe, expect, it } from 'vitest';
import { recordLabel } from '../../src/cleanup/sweep.ts';

const record = (fields: Record<string, string | null>) => ({ id: '12', createdAt: new Date(), fields });

describe('a swept CRM record as cutover cleanup lists it', () => {
  it('is named by its address, whatever the CRM calls the field (HubSpot email, kintone メールアドレス)', () => {
    expect(recordLabel(record({ email: 'qa+ct-20261207-abc123@example.com' }))).toBe(
      'qa+ct-20261207-abc123@example.com',
    );
    expect(
      recordLabel(
        record({ 会社名: '株式会社テスト商事', メールアドレス: 'qa+ct-20261207-abc123@example.com' }),
      ),
    ).toBe('qa+ct-20261207-abc123@example.com');
  });

  it('without an address, by its first fields as name: value — never a raw JSON dump', () => {
    expect(recordLabel(record({ 会社名: '株式会社テスト商事', 氏名: '山田 太郎', 電話番号: '03' }))).toBe(
      'record 12 (会社名: 株式会社テスト商事, 氏名: 山田 太郎)',
    );
    expect(recordLabel(record({ note: null }))).toBe('record 12');
  });
});
