import type { Policy } from '../policy-types.js';

/** How a policy's ability was made, so its denials can name the scopes they need. */
export interface AbilityOrigin {
  policy: Policy;
  claims: Readonly<Record<string, unknown>>;
  /** The valid scopes it was compiled from (to check that a challenge's scopes suffice together). */
  scopes: readonly string[];
}

/** The abilities `abilityFor` made, with their policy and claims. */
export const origins: WeakMap<object, AbilityOrigin> = new WeakMap();
/** The policy and claims an ability came from, when `abilityFor` made it. */
export function originOf(ability: object): AbilityOrigin | undefined {
  return origins.get(ability);
}
