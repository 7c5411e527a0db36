import { Router } from 'express';
import { parseInput } from '../../platform/http/validate.js';
import { emptyBody } from './auth.schema.js';
import { activateTotp } from './commands/activateTotp.js';
import { disableTotp } from './commands/disableTotp.js';
import { enrolTotp } from './commands/enrolTotp.js';
import { regenerateRecoveryCodes } from './commands/regenerateRecoveryCodes.js';
import type { IdentityRouteDeps } from './identity.deps.js';
import { requireMember } from './identity.http.js';
import { codeBody } from './mfa.schema.js';
import { SecondFactor } from './second-factor.js';

/**
 * `/api/v1/auth/mfa`: the signed-in member's own TOTP (a user-level setting, audited in the
 * tenant the change was made from). API keys have no user and get 403.
 */
export function mfaRoutes(deps: Pick<IdentityRouteDeps, 'dataSource' | 'secrets'>): Router {
  const commandDeps = { dataSource: deps.dataSource, secondFactor: new SecondFactor(deps.secrets) };
  const router = Router();

  router.post('/totp/enrol', async (req, res) => {
    parseInput(emptyBody, req.body);
    const member = requireMember(res);
    res.json(await enrolTotp(commandDeps, member));
  });

  router.post('/totp/verify', async (req, res) => {
    const member = requireMember(res);
    const { code } = parseInput(codeBody, req.body);
    res.json(await activateTotp(commandDeps, member, code));
  });

  router.post('/totp/disable', async (req, res) => {
    const member = requireMember(res);
    const { code } = parseInput(codeBody, req.body);
    await disableTotp(commandDeps, member, code);
    res.status(204).end();
  });

  router.post('/recovery-codes', async (req, res) => {
    const member = requireMember(res);
    const { code } = parseInput(codeBody, req.body);
    res.json(await regenerateRecoveryCodes(commandDeps, member, code));
  });

  return router;
}
