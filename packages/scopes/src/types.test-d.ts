import { expectTypeOf } from 'vitest';
import {
  type AuthorizeMcpRequestOptions,
  definePolicy,
  type FilterListResultOptions,
  type McpToolRules,
  type NarrowedScopes,
  narrowScopes,
  parseScope,
  type ScopeAbility,
  type TemplateVariables,
} from './index.js';

expectTypeOf(parseScope).returns.toEqualTypeOf<string[]>();
expectTypeOf(narrowScopes).returns.toEqualTypeOf<NarrowedScopes>();
expectTypeOf<NarrowedScopes['kept']>().toEqualTypeOf<string[]>();
expectTypeOf<TemplateVariables<'mcp:tools:{tool}'>>().toEqualTypeOf<'tool'>();
expectTypeOf<TemplateVariables<'mcp:{area}:{item}:read'>>().toEqualTypeOf<'area' | 'item'>();
expectTypeOf<TemplateVariables<'mcp:admin'>>().toBeNever();

definePolicy().rule('mcp:reports:{report}', ({ report }, { can }) => {
  expectTypeOf(report).toBeString();
  can('read', 'Report', { name: report });
});
// @ts-expect-error: `tool` is not a variable of this template
definePolicy().rule('mcp:reports:{report}', ({ tool }) => tool);

expectTypeOf(definePolicy().build().abilityFor({ scopes: [] })).toEqualTypeOf<ScopeAbility>();

const rules: McpToolRules = {
  run_workflow: {
    action: 'exec',
    subject: 'Workflow',
    fields: (args) => {
      expectTypeOf(args).toEqualTypeOf<Readonly<Record<string, unknown>>>();
      return { name: String(args.name) };
    },
  },
  deploy: [{ action: 'exec', subject: 'Pipeline' }],
};
expectTypeOf(rules).toExtend<AuthorizeMcpRequestOptions['tools']>();
expectTypeOf(rules).toExtend<FilterListResultOptions['tools']>();
// a check names its subject type as a string, not a subject object
expectTypeOf<{
  run_workflow: { action: 'exec'; subject: { name: string } };
}>().not.toExtend<McpToolRules>();
