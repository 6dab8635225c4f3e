import type { SigningKeyRecord } from '../store/types.js';

/** Where each stored key stands at one moment. */
export interface KeySchedule {
  /** Signs new tokens: the newest key whose `activatesAt` has passed. */
  active: SigningKeyRecord;
  /** Published and verifying, not signing yet (a rotation in its publish window). */
  pending: SigningKeyRecord[];
  /** Superseded keys still verifying, with the time they stop. */
  retired: { key: SigningKeyRecord; until: number }[];
  /** When this schedule next changes (an activation or a retirement); `Infinity` if never. */
  changesAt: number;
}

function byActivation(a: SigningKeyRecord, b: SigningKeyRecord): number {
  return a.activatesAt - b.activatesAt || a.createdAt - b.createdAt || (a.kid < b.kid ? -1 : 1);
}

/**
 * Sorts stored keys into active, pending and retired at `now`. A superseded key verifies until its
 * `retiresAt`, or (when none was recorded, e.g. two replicas made a first key at once) until its
 * successor's activation plus `retainSeconds`. Undefined when there is no key at all.
 */
export function keySchedule(
  records: readonly SigningKeyRecord[],
  now: number,
  retainSeconds: number,
): KeySchedule | undefined {
  const sorted = [...records].sort(byActivation);
  const activated = sorted.filter((key) => key.activatesAt <= now);
  const pending = sorted.filter((key) => key.activatesAt > now);
  // No key has come due (only if the clock went back): sign with the earliest rather than with none.
  const active = activated.at(-1) ?? pending.shift();
  if (active === undefined) return undefined;
  const retired: KeySchedule['retired'] = [];
  for (let index = 0; index < activated.length - 1; index++) {
    const key = activated[index] as SigningKeyRecord;
    const successor = activated[index + 1] as SigningKeyRecord;
    const until = key.retiresAt ?? successor.activatesAt + retainSeconds;
    if (until > now) retired.push({ key, until });
  }
  const changes = [
    ...pending.map((key) => key.activatesAt),
    ...retired.map((entry) => entry.until),
  ];
  return { active, pending, retired, changesAt: Math.min(Infinity, ...changes) };
}
