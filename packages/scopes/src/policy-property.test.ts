import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definePolicy, mcpSubject, scopeSatisfies } from './index.js';

// Templates over a small alphabet; each grants `use` on its own subject type with its variables as
// conditions. For every concrete instance, the compiled ability must agree with the scope algebra.
const TEMPLATES = ['a:{x}', 'a:b:{x}', 'b:{x}:c', 'a:{x}:{y}', 'c'];
const VALUES = ['a', 'b', 'c', 'z'];

let builder = definePolicy({ mcpDefaults: false });
TEMPLATES.forEach((template, index) => {
  builder = builder.rule(template, (variables, { can }) => {
    can('use', `T${index}`, { ...variables });
  });
});
const policy = builder.build();

const pattern = fc
  .tuple(
    fc.constantFrom('a', 'b', 'c'),
    fc.array(fc.constantFrom('a', 'b', 'c', '*'), { maxLength: 3 }),
  )
  .map(([first, rest]) => [first, ...rest].join(':'));

const instance = fc
  .tuple(
    fc.nat({ max: TEMPLATES.length - 1 }),
    fc.constantFrom(...VALUES),
    fc.constantFrom(...VALUES),
  )
  .map(([index, x, y]) => {
    const template = TEMPLATES[index] as string;
    const scope = template.replace('{x}', x).replace('{y}', y);
    const fields: Record<string, string> = {};
    if (template.includes('{x}')) fields.x = x;
    if (template.includes('{y}')) fields.y = y;
    return { type: `T${index}`, scope, fields };
  });

describe('policy and algebra agree', () => {
  it('property: the ability permits a template instance exactly when the scopes satisfy it', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { maxLength: 5 }),
        instance,
        (granted, { type, scope, fields }) => {
          const ability = policy.abilityFor({ scopes: granted });
          expect(ability.can('use', mcpSubject(type, fields))).toBe(scopeSatisfies(granted, scope));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: requiredScopesFor names a scope that, granted alone, permits the operation', () => {
    fc.assert(
      fc.property(instance, ({ type, fields }) => {
        const subject = mcpSubject(type, fields);
        const required = policy.requiredScopesFor('use', subject);
        expect(required).toHaveLength(1);
        expect(policy.abilityFor({ scopes: required }).can('use', subject)).toBe(true);
        expect(required[0]).not.toContain('*');
      }),
      { numRuns: 200 },
    );
  });
});
