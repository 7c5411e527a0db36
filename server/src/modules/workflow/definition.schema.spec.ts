import { BUILT_IN_DEFINITION } from './default-definition.js';
import { workflowDefinitionSchema } from './definition.schema.js';

const messages = (input: unknown) => {
  const result = workflowDefinitionSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

interface LooseDefinition {
  stages: { key: string; name: string; initial?: boolean; terminal?: boolean }[];
  transitions: Record<string, unknown>[];
}

const minimal = (): LooseDefinition => ({
  stages: [
    { key: 'draft', name: 'Draft', initial: true },
    { key: 'live', name: 'Live', terminal: true },
  ],
  transitions: [
    { key: 'go', name: 'Go', from: ['draft'], to: 'live', actions: ['freeze_version', 'publish'] },
  ],
});

describe('workflow definitions', () => {
  it('accepts the built-in default and a minimal graph, filling in defaults', () => {
    expect(messages(BUILT_IN_DEFINITION.definition)).toEqual([]);
    const parsed = workflowDefinitionSchema.parse({
      ...minimal(),
      transitions: [{ key: 'go', name: 'Go', from: ['draft'], to: 'live' }],
    });
    expect(parsed.transitions[0]).toMatchObject({ guards: {}, actions: [] });
  });

  it('needs exactly one initial stage', () => {
    const none = minimal();
    none.stages[0]!.initial = false;
    expect(messages(none)).toContain('exactly one stage must be initial (found 0)');
    const two = minimal();
    two.stages[1]!.initial = true;
    expect(messages(two)).toContain('exactly one stage must be initial (found 2)');
  });

  it('refuses unknown stages, duplicate keys and contradictory actions', () => {
    const bad = minimal();
    bad.stages.push({ key: 'draft', name: 'Again' });
    bad.transitions.push(
      { key: 'go', name: 'Dup', from: ['nowhere'], to: 'gone', actions: ['publish', 'unpublish'] },
      {
        key: 'approve',
        name: 'Approve',
        from: ['draft'],
        to: 'live',
        actions: ['freeze_version'],
        guards: { approvals: { required: 1 }, requiredPriorStage: 'limbo' },
      },
    );
    expect(messages(bad)).toEqual(
      expect.arrayContaining([
        'stage key "draft" is used twice',
        'transition key "go" is used twice',
        'no stage "nowhere"',
        'no stage "gone"',
        'no stage "limbo"',
        'publish and unpublish exclude each other',
        'a transition guarded by approvals cannot freeze a new version',
      ]),
    );
  });

  it('requires N ≥ 1 approvals and a permission of the catalogue', () => {
    const bad = minimal();
    bad.transitions[0] = {
      key: 'go',
      name: 'Go',
      from: ['draft'],
      to: 'live',
      guards: { approvals: { required: 0 }, permission: 'documents.fly' },
    };
    const result = workflowDefinitionSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining([
        'transitions.0.guards.approvals.required',
        'transitions.0.guards.permission',
      ]),
    );
  });
});
