/**
 * Turns the modules' RouteDocs into an OpenAPI 3.1 document. Request schemas come from the very
 * zod schemas the routes validate with (`io: 'input'`: what a client may send, before defaults
 * and transforms); response schemas describe what the presenters produce (`io: 'output'`).
 */
import { z, type ZodType } from 'zod';
import { ERROR_CATALOGUE } from '../../errors.js';
import type { ResponseDoc, RouteDoc } from './route-doc.js';

/** The document's `info` block and where the API lives. */
export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  /** The URL prefix every RouteDoc path is relative to. */
  readonly basePath: string;
}

type JsonSchema = Record<string, unknown>;
type Json = Record<string, unknown>;

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const TENANT_REF = { $ref: '#/components/parameters/TenantHeader' };

/** The shared error envelope every failing request answers with (see platform/errors.ts). */
const errorEnvelope: JsonSchema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE) },
        message: { type: 'string' },
        details: {},
      },
    },
  },
};

function toSchema(schema: ZodType, io: 'input' | 'output'): JsonSchema {
  // Unrepresentable parts (an optional body's `undefined` branch, transforms) become `{}`
  // instead of throwing: the document must never fail to build over one exotic schema.
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Express `:param` → OpenAPI `{param}`, with the names in order. */
export function openApiPath(expressPath: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = expressPath.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

function queryParameters(query: ZodType | undefined): Json[] {
  if (!query) return [];
  const schema = toSchema(query, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

function responseObject(response: ResponseDoc): Json {
  return {
    description: response.description,
    ...(response.schema
      ? { content: { 'application/json': { schema: toSchema(response.schema, 'output') } } }
      : {}),
  };
}

function operation(doc: RouteDoc, params: string[]): Json {
  const responses: Json = {};
  for (const [status, response] of Object.entries(doc.responses)) {
    responses[status] = responseObject(response);
  }
  responses.default = { $ref: '#/components/responses/Error' };
  const permission = doc.permission
    ? `Requires the \`${doc.permission}\` permission.`
    : 'Open without credentials.';
  return {
    operationId: operationId(doc),
    summary: doc.summary,
    description: doc.description ? `${doc.description}\n\n${permission}` : permission,
    tags: [...doc.tags],
    ...(doc.permission ? { 'x-folio-permission': doc.permission } : {}),
    security: doc.permission ? [{ bearer: [] }] : [{}, { bearer: [] }],
    parameters: [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...queryParameters(doc.query),
      TENANT_REF,
    ],
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toSchema(doc.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

function operationId(doc: RouteDoc): string {
  const words = doc.path
    .split('/')
    .filter(Boolean)
    .map((part) =>
      part
        .replace(/^:/, 'by-')
        .replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase()),
    );
  return [doc.method, ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

/** Builds the whole document; throws when two RouteDocs describe the same method and path. */
export function buildOpenApiDocument(docs: readonly RouteDoc[], info: OpenApiInfo): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const doc of docs) {
    const { path, params } = openApiPath(`${info.basePath}${doc.path === '/' ? '' : doc.path}`);
    const item = (paths[path] ??= {});
    if (item[doc.method]) throw new Error(`Two RouteDocs for ${doc.method.toUpperCase()} ${path}`);
    item[doc.method] = operation(doc, params);
  }
  const tags = [...new Set(docs.flatMap((doc) => doc.tags))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: info.title,
      version: info.version,
      ...(info.description ? { description: info.description } : {}),
    },
    tags,
    paths,
    components: {
      schemas: { Error: errorEnvelope },
      responses: {
        Error: {
          description: 'Any failure: the common error envelope (see docs/errors.md).',
          content: { 'application/json': { schema: ERROR_REF } },
        },
      },
      parameters: {
        TenantHeader: {
          name: 'X-Folio-Tenant',
          in: 'header',
          required: false,
          description: 'The tenant slug on a host that names none; must match the credentials.',
          schema: { type: 'string' },
        },
      },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An access token (from /auth/login) or an API key (`folio_…`).',
        },
      },
    },
  };
}
