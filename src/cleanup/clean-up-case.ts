import {
  type CrmProbe,
  type CrmRecord,
  markerText,
  type NotificationMessage,
  type NotificationProbe,
} from '../probes/index.ts';

export type CleanupOutcome = 'deleted' | 'refused' | 'failed';

export interface CleanupEntry {
  system: 'notification' | 'crm';
  probe: string;
  id: string;
  result: CleanupOutcome;
  reason?: string;
}

/**
 * Deletes exactly what this case created: by id, and only items that carry this case's marker.
 * Anything unmarked is refused and reported; an empty id list never reaches a delete call.
 */
export async function cleanUpCase(options: {
  marker: string;
  /** Every notification channel of the target, with what the case found there. */
  notification: Array<{ probe: NotificationProbe; items: NotificationMessage[] }>;
  crm?: { probe: CrmProbe; items: CrmRecord[] };
  signal: AbortSignal;
}): Promise<CleanupEntry[]> {
  const { marker, signal } = options;
  const channels = options.notification.map(({ probe, items }) =>
    deleteMarked(
      'notification',
      probe.name,
      unique(items),
      marker,
      (marked) => probe.delete(marked, { signal }),
      markerText.notification,
    ),
  );
  const crm = options.crm;
  const records = crm
    ? deleteMarked(
        'crm',
        crm.probe.name,
        unique(crm.items),
        marker,
        (marked) => crm.probe.delete(marked, { signal }),
        markerText.crm,
      )
    : Promise.resolve([]);
  return (await Promise.all([...channels, records])).flat();
}

async function deleteMarked<T extends { id: string }>(
  system: CleanupEntry['system'],
  probe: string,
  items: T[],
  marker: string,
  remove: (items: T[]) => Promise<void>,
  text: (item: T) => string,
): Promise<CleanupEntry[]> {
  const marked = items.filter((item) => text(item).includes(marker));
  const refused: CleanupEntry[] = items
    .filter((item) => !marked.includes(item))
    .map((item) => ({
      system,
      probe,
      id: item.id,
      result: 'refused',
      reason: `does not carry the marker ${marker}; left in place`,
    }));
  if (marked.length === 0) return refused;
  try {
    await remove(marked);
    return [
      ...refused,
      ...marked.map((item) => ({ system, probe, id: item.id, result: 'deleted' as const })),
    ];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      ...refused,
      ...marked.map((item) => ({ system, probe, id: item.id, result: 'failed' as const, reason })),
    ];
  }
}

/** Each item once, by id (a read may return an item twice; a delete takes each id once). */
export function unique<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}
