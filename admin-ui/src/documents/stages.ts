import type { FolioClient } from '../app-context.js';

/** A document's workflow stage, as the list shows it. */
export interface StageInfo {
  key: string;
  name: string;
}

const CHUNK = 50;

/**
 * The workflow stage of each document, in one GraphQL request per 50 documents (aliased
 * `document(id)` fields): the REST document list carries no workflow state.
 */
export async function loadStages(
  folio: FolioClient,
  ids: readonly string[],
): Promise<Map<string, StageInfo>> {
  const out = new Map<string, StageInfo>();
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    const vars = chunk.map((_, i) => `$d${i}: ID!`).join(', ');
    const fields = chunk
      .map((_, i) => `d${i}: document(id: $d${i}) { id workflow { stage { key name } } }`)
      .join('\n');
    const variables = Object.fromEntries(chunk.map((id, i) => [`d${i}`, id]));
    const data = await folio.graphql.query<
      Record<string, { id: string; workflow: { stage: StageInfo } } | null>
    >(`query DocumentStages(${vars}) {\n${fields}\n}`, variables);
    for (const doc of Object.values(data)) {
      if (doc) out.set(doc.id, doc.workflow.stage);
    }
  }
  return out;
}
