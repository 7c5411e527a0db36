import request from 'supertest';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A supertest request with the method chosen at run time (route tables, matrices). */
export function call(url: string, method: string, path: string): request.Test {
  const agent = request(url);
  const verb = method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
  return agent[verb](path);
}
