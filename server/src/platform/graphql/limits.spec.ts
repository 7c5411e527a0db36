import { buildSchema, parse, getOperationAST } from 'graphql';
import { checkOperationLimits } from './limits.js';

const schema = buildSchema(`
  type Query { items(first: Int): ItemConnection! tags: [Tag!]! item: Item }
  type ItemConnection { edges: [ItemEdge!]! }
  type ItemEdge { node: Item! }
  type Item { id: ID! tags: [Tag!]! child: Item }
  type Tag { name: String! }
`);

function check(
  query: string,
  variables: Record<string, unknown> = {},
  maxCost = 1000,
  maxDepth = 10,
) {
  const document = parse(query);
  return checkOperationLimits(schema, document, getOperationAST(document)!, variables, {
    maxCost,
    maxDepth,
    defaultListSize: 20,
  });
}

describe('checkOperationLimits', () => {
  it('multiplies the selections of a paginated field by its first (literal or variable)', () => {
    // items 1 + edges 10 + node 10 + id 10 = 31
    expect(check('{ items(first: 10) { edges { node { id } } } }', {}, 31)).toBeNull();
    expect(
      check('{ items(first: 10) { edges { node { id } } } }', {}, 30)?.extensions,
    ).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
    });
    expect(
      check('query($n: Int) { items(first: $n) { edges { node { id } } } }', { n: 10 }, 31),
    ).toBeNull();
  });

  it('assumes 20 for a list or a paginated field without first', () => {
    // tags 1 + name 20
    expect(check('{ tags { name } }', {}, 21)).toBeNull();
    expect(check('{ tags { name } }', {}, 20)).not.toBeNull();
    expect(check('{ items { edges { node { id } } } }', {}, 61)).toBeNull();
  });

  it('refuses selections nested deeper than the limit, through fragments too', () => {
    const deep = '{ item { child { child { child { id } } } } }';
    expect(check(deep, {}, 1000, 5)).toBeNull();
    expect(check(deep, {}, 1000, 4)?.extensions).toMatchObject({ limit: 'depth', max: 4 });
    const viaFragment = 'fragment F on Item { child { child { id } } } { item { child { ...F } } }';
    expect(check(viaFragment, {}, 1000, 4)?.extensions).toMatchObject({ limit: 'depth' });
  });

  it('stops early on a fragment bomb', () => {
    const bomb = [
      'fragment A on Item { id child { ...B ...B ...B ...B } }',
      'fragment B on Item { id child { ...C ...C ...C ...C } }',
      'fragment C on Item { id child { id id id id } }',
      '{ item { ...A ...A ...A ...A } }',
    ].join('\n');
    expect(check(bomb, {}, 100, 20)?.extensions).toMatchObject({ limit: 'cost' });
  });
});
