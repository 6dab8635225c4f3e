import { mongoQueryMatcher } from '@casl/ability';
import type { ScopeAbility } from '../policy-types.js';

/** The fields a `resources/templates/list` entry is decided on; any other field is an attribute. */
const TEMPLATE_FIELDS = new Set(['uri', 'name', 'uriTemplate']);

type Answer = boolean | 'unknown';

/**
 * A rule's conditions on a template entry, in three values: each top-level field condition on `name`,
 * `uriTemplate` or `uri` (which an entry never has) is evaluated on the entry as CASL does; one on any
 * other field (an attribute such as `tenant`, which only a record has) is `'unknown'`. CASL's Mongo
 * matcher has no top-level `$or` / `$and` (a `$`-key is a field it never finds), so the conditions are
 * the conjunction of their field conditions; a `$`-key is evaluated as CASL does.
 */
function conditionsOn(conditions: unknown, entry: Readonly<Record<string, string>>): Answer {
  if (typeof conditions !== 'object' || conditions === null) return true;
  let answer: Answer = true;
  for (const [field, condition] of Object.entries(conditions)) {
    const root = field.split('.')[0] as string;
    if (!field.startsWith('$') && !TEMPLATE_FIELDS.has(root)) {
      answer = 'unknown';
      continue;
    }
    if (!mongoQueryMatcher({ [field]: condition })(entry)) return false;
  }
  return answer;
}

/**
 * Whether a `resources/templates/list` entry (`name`, `uriTemplate`) is listed: whether `ability`
 * may `read` **some** resource of that name or template, ignoring conditions on attributes (a
 * template is no record and carries none; listing it reveals no record, and each record is still
 * decided on its own attributes when it is read or listed). CASL's rule order is kept: the first
 * rule that applies decides. A `can` rule applies when its `name` / `uriTemplate` / `uri` conditions
 * hold (its attribute conditions may hold for some record); a `cannot` rule only when all its
 * conditions surely hold (one on an attribute may spare some record), so it hides a template only
 * when it forbids every record of it. This is CASL's `can('read', 'Resource')` on the subject type,
 * narrowed to the entry's name and template.
 */
export function templateListed(
  ability: ScopeAbility,
  entry: Readonly<Record<string, string>>,
): boolean {
  for (const rule of ability.rulesFor('read', 'Resource')) {
    const answer = conditionsOn(rule.conditions, entry);
    if (rule.inverted) {
      if (answer === true) return false;
    } else if (answer !== false) {
      return true;
    }
  }
  return false;
}
