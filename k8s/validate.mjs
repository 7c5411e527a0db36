#!/usr/bin/env node
/**
 * Offline check of the Kubernetes manifests (no cluster, no kubectl): `npm run check:k8s`, or
 * `node k8s/validate.mjs [dir]` (default k8s/base). Parses every YAML file, checks the fields a
 * fleet depends on and that ports, probe paths and metrics annotations match Folio's public
 * contract (port 7410, GET /healthz, GET /readyz, GET /metrics). Exits 1 listing every problem.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const PORT = 7410;
const PORT_NAME = 'http';
const LIVENESS_PATH = '/healthz';
const READINESS_PATH = '/readyz';
const METRICS_PATH = '/metrics';
const CONFIGMAP_REQUIRED_KEYS = ['FOLIO_BASE_DOMAIN', 'ROLES', 'LOG_LEVEL', 'REDIS_URL', 'PORT'];
const SECRET_KEYS = ['DATABASE_URL', 'DATABASE_OWNER_URL', 'FOLIO_SECRET'];
const PLACEHOLDER = 'CHANGE_ME';

/** apiVersion each kind must use (the stable one). */
const API_VERSIONS = {
  Namespace: 'v1',
  ServiceAccount: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  PodDisruptionBudget: 'policy/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
};

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v) => (Array.isArray(v) ? v : []);

function listYamlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listYamlFiles(full));
    else if (/\.ya?ml$/.test(entry)) out.push(full);
  }
  return out;
}

/** Validates the manifests under dir; returns a list of human-readable problems. */
export function validate(dir) {
  const problems = [];
  const root = resolve(dir);
  const rel = (file) => relative(process.cwd(), file) || file;
  const files = listYamlFiles(root);
  if (files.length === 0) return [`${rel(root)}: no YAML files found`];

  /** @type {{ file: string, doc: any }[]} */
  const docs = [];
  for (const file of files) {
    const parsed = parseAllDocuments(readFileSync(file, 'utf8'), { prettyErrors: true });
    for (const document of Array.isArray(parsed) ? parsed : [parsed]) {
      for (const error of document.errors)
        problems.push(`${rel(file)}: YAML error: ${error.message}`);
      for (const warning of document.warnings) {
        problems.push(`${rel(file)}: YAML warning: ${warning.message}`);
      }
      const doc = document.toJS();
      if (doc === null || doc === undefined) continue;
      if (!isObject(doc)) {
        problems.push(`${rel(file)}: a document is not a mapping`);
        continue;
      }
      docs.push({ file, doc });
    }
  }

  // --- kustomization: exactly the resource files, never a template --------------------------
  const kustomizationFile = join(root, 'kustomization.yaml');
  const kustomization = docs.find((d) => d.file === kustomizationFile)?.doc;
  const resourceFiles = new Set();
  if (!kustomization) {
    problems.push(`${rel(kustomizationFile)}: missing`);
  } else {
    if (kustomization.kind !== 'Kustomization') {
      problems.push(`${rel(kustomizationFile)}: kind must be Kustomization`);
    }
    if (typeof kustomization.namespace !== 'string') {
      problems.push(`${rel(kustomizationFile)}: set a namespace`);
    }
    for (const entry of asArray(kustomization.resources)) {
      const full = resolve(root, entry);
      resourceFiles.add(full);
      if (!files.includes(full))
        problems.push(`${rel(kustomizationFile)}: resource ${entry} not found`);
      if (/\.template\.ya?ml$/.test(entry)) {
        problems.push(`${rel(kustomizationFile)}: ${entry} is a template and must not be applied`);
      }
    }
    for (const file of files) {
      const name = basename(file);
      if (file === kustomizationFile || /\.template\.ya?ml$/.test(name)) continue;
      if (!resourceFiles.has(file)) {
        problems.push(`${rel(file)}: not listed in kustomization.yaml resources`);
      }
    }
  }

  const resources = docs.filter((d) => resourceFiles.has(d.file));
  const templates = docs.filter((d) => /\.template\.ya?ml$/.test(d.file));
  const ofKind = (kind) => resources.filter((d) => d.doc.kind === kind);
  const where = ({ file, doc }) => `${rel(file)} (${doc.kind ?? '?'} ${doc.metadata?.name ?? '?'})`;

  // --- every object: identity fields ------------------------------------------------------------
  for (const entry of [...resources, ...templates]) {
    const { doc } = entry;
    if (typeof doc.apiVersion !== 'string') problems.push(`${where(entry)}: apiVersion missing`);
    if (typeof doc.kind !== 'string') problems.push(`${where(entry)}: kind missing`);
    if (typeof doc.metadata?.name !== 'string' || doc.metadata.name === '') {
      problems.push(`${where(entry)}: metadata.name missing`);
    }
    const expected = API_VERSIONS[doc.kind];
    if (expected === undefined) problems.push(`${where(entry)}: unexpected kind ${doc.kind}`);
    else if (doc.apiVersion !== expected) {
      problems.push(`${where(entry)}: apiVersion ${doc.apiVersion}, expected ${expected}`);
    }
    if (doc.kind === 'Secret' && !templates.includes(entry)) {
      problems.push(`${where(entry)}: real Secrets are never committed; use a *.template.yaml`);
    }
  }

  // --- ConfigMap and Secret template ------------------------------------------------------------
  const configMaps = new Map(ofKind('ConfigMap').map((d) => [d.doc.metadata?.name, d]));
  for (const entry of configMaps.values()) {
    const data = entry.doc.data ?? {};
    for (const key of CONFIGMAP_REQUIRED_KEYS) {
      if (!(key in data)) problems.push(`${where(entry)}: data.${key} missing`);
    }
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') problems.push(`${where(entry)}: data.${key} must be a string`);
    }
    if ('PORT' in data && data.PORT !== String(PORT)) {
      problems.push(`${where(entry)}: data.PORT is ${data.PORT}, expected "${PORT}"`);
    }
    for (const key of SECRET_KEYS) {
      if (key in data)
        problems.push(`${where(entry)}: ${key} is a secret; keep it out of ConfigMaps`);
    }
  }
  const secretTemplates = new Map();
  for (const entry of templates.filter((d) => d.doc.kind === 'Secret')) {
    if (entry.doc.data !== undefined) {
      problems.push(`${where(entry)}: use stringData with placeholders, not data`);
    }
    const stringData = entry.doc.stringData ?? {};
    for (const key of SECRET_KEYS) {
      if (!(key in stringData)) problems.push(`${where(entry)}: stringData.${key} missing`);
    }
    for (const [key, value] of Object.entries(stringData)) {
      if (typeof value !== 'string' || !value.includes(PLACEHOLDER)) {
        problems.push(`${where(entry)}: stringData.${key} must be a ${PLACEHOLDER} placeholder`);
      }
    }
    secretTemplates.set(entry.doc.metadata?.name, new Set(Object.keys(stringData)));
  }

  // --- workloads ------------------------------------------------------------------------------
  const deployments = ofKind('Deployment');
  const jobs = ofKind('Job');
  for (const entry of [...deployments, ...jobs]) {
    const isDeployment = entry.doc.kind === 'Deployment';
    const at = where(entry);
    const template = entry.doc.spec?.template;
    const pod = template?.spec;
    if (!isObject(pod)) {
      problems.push(`${at}: spec.template.spec missing`);
      continue;
    }
    if (pod.securityContext?.runAsNonRoot !== true) {
      problems.push(`${at}: pod securityContext.runAsNonRoot must be true`);
    }
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') {
      problems.push(`${at}: pod securityContext.seccompProfile.type must be RuntimeDefault`);
    }
    const containers = asArray(pod.containers);
    if (containers.length === 0) problems.push(`${at}: no containers`);

    if (isDeployment) {
      const matchLabels = entry.doc.spec?.selector?.matchLabels ?? {};
      const podLabels = template.metadata?.labels ?? {};
      if (Object.keys(matchLabels).length === 0) problems.push(`${at}: selector.matchLabels empty`);
      for (const [key, value] of Object.entries(matchLabels)) {
        if (podLabels[key] !== value) {
          problems.push(`${at}: template label ${key}=${value} required by the selector`);
        }
      }
      if (pod.terminationGracePeriodSeconds !== 30) {
        problems.push(`${at}: terminationGracePeriodSeconds must be 30`);
      }
      const annotations = template.metadata?.annotations ?? {};
      const expectedAnnotations = {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(PORT),
        'prometheus.io/path': METRICS_PATH,
      };
      for (const [key, value] of Object.entries(expectedAnnotations)) {
        if (annotations[key] !== value) {
          problems.push(`${at}: pod annotation ${key} must be "${value}"`);
        }
      }
    } else if (!['Never', 'OnFailure'].includes(pod.restartPolicy)) {
      problems.push(`${at}: restartPolicy must be Never or OnFailure`);
    }

    for (const container of containers) {
      const c = `${at} container ${container.name ?? '?'}`;
      if (typeof container.name !== 'string') problems.push(`${c}: name missing`);
      if (typeof container.image !== 'string' || container.image === '') {
        problems.push(`${c}: image missing`);
      } else if (container.image.endsWith(':latest')) {
        problems.push(`${c}: pin the image; never :latest`);
      }
      const requests = container.resources?.requests ?? {};
      const limits = container.resources?.limits ?? {};
      if (!requests.cpu || !requests.memory)
        problems.push(`${c}: resources.requests cpu and memory`);
      if (!limits.memory) problems.push(`${c}: resources.limits.memory missing`);
      const sc = container.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) {
        problems.push(`${c}: securityContext.allowPrivilegeEscalation must be false`);
      }
      if (!asArray(sc.capabilities?.drop).includes('ALL')) {
        problems.push(`${c}: securityContext.capabilities.drop must include ALL`);
      }
      checkEnvReferences(c, container, configMaps, secretTemplates, problems);
      if (isDeployment) checkServingContainer(c, container, problems);
    }
  }

  const roleOf = (entry) => {
    const container = asArray(entry.doc.spec?.template?.spec?.containers)[0] ?? {};
    const env = asArray(container.env).find((e) => e.name === 'ROLES');
    if (env && typeof env.value === 'string') return env.value;
    const configMap = configMaps.get(asArray(container.envFrom)[0]?.configMapRef?.name);
    return configMap?.doc.data?.ROLES;
  };
  const workers = deployments.filter((d) => roleOf(d) === 'worker');
  if (workers.length !== 1) problems.push(`expected exactly one Deployment with ROLES=worker`);
  const servers = deployments.filter((d) => /\bapi\b/.test(roleOf(d) ?? ''));
  if (servers.length === 0) problems.push(`expected a Deployment whose ROLES include api`);

  const migrate = jobs.find((d) => d.doc.metadata?.name?.includes('migrate'));
  if (!migrate) {
    problems.push('expected a migrate Job');
  } else {
    const container = asArray(migrate.doc.spec?.template?.spec?.containers)[0] ?? {};
    const command = [...asArray(container.command), ...asArray(container.args)].join(' ');
    if (!/migrate(\.js)?\b/.test(command)) {
      problems.push(`${where(migrate)}: command must run the migrations (${command || 'none'})`);
    }
    const owner = asArray(container.env).find((e) => e.name === 'DATABASE_OWNER_URL');
    if (!owner?.valueFrom?.secretKeyRef) {
      problems.push(`${where(migrate)}: DATABASE_OWNER_URL must come from a secretKeyRef`);
    }
  }

  // --- Service, PDB, HPA point at real workloads ---------------------------------------------
  const podLabelsOf = (d) => d.doc.spec?.template?.metadata?.labels ?? {};
  const matches = (selector, labels) =>
    Object.keys(selector).length > 0 &&
    Object.entries(selector).every(([key, value]) => labels[key] === value);
  for (const entry of ofKind('Service')) {
    const selector = entry.doc.spec?.selector ?? {};
    const targets = deployments.filter((d) => matches(selector, podLabelsOf(d)));
    if (targets.length === 0) problems.push(`${where(entry)}: selector matches no Deployment`);
    for (const port of asArray(entry.doc.spec?.ports)) {
      if (port.targetPort !== PORT_NAME && port.targetPort !== PORT) {
        problems.push(`${where(entry)}: targetPort must be ${PORT_NAME} or ${PORT}`);
      }
    }
  }
  for (const entry of ofKind('PodDisruptionBudget')) {
    const selector = entry.doc.spec?.selector?.matchLabels ?? {};
    if (!deployments.some((d) => matches(selector, podLabelsOf(d)))) {
      problems.push(`${where(entry)}: selector matches no Deployment`);
    }
    if (
      entry.doc.spec?.minAvailable === undefined &&
      entry.doc.spec?.maxUnavailable === undefined
    ) {
      problems.push(`${where(entry)}: set minAvailable or maxUnavailable`);
    }
  }
  for (const entry of ofKind('HorizontalPodAutoscaler')) {
    const ref = entry.doc.spec?.scaleTargetRef ?? {};
    const target = deployments.find((d) => d.doc.metadata?.name === ref.name);
    if (ref.kind !== 'Deployment' || !target) {
      problems.push(`${where(entry)}: scaleTargetRef must name a Deployment in this directory`);
    } else if (target.doc.spec?.replicas !== undefined) {
      problems.push(
        `${where(target)}: drop spec.replicas; the HPA ${entry.doc.metadata?.name} owns it`,
      );
    }
    const { minReplicas = 1, maxReplicas } = entry.doc.spec ?? {};
    if (!(typeof maxReplicas === 'number' && minReplicas <= maxReplicas)) {
      problems.push(`${where(entry)}: need minReplicas <= maxReplicas`);
    }
  }
  if (ofKind('Service').length === 0) problems.push('expected a Service');
  if (ofKind('PodDisruptionBudget').length === 0) problems.push('expected a PodDisruptionBudget');
  if (ofKind('HorizontalPodAutoscaler').length === 0) problems.push('expected an HPA');
  if (ofKind('Namespace').length === 0) problems.push('expected a Namespace');

  return problems;
}

/** Port 7410 named http, /healthz liveness (and startup), /readyz readiness, a preStop hook. */
function checkServingContainer(c, container, problems) {
  const ports = asArray(container.ports);
  const http = ports.find((p) => p.name === PORT_NAME);
  if (!http || http.containerPort !== PORT) {
    problems.push(`${c}: needs containerPort ${PORT} named ${PORT_NAME}`);
  }
  for (const p of ports) {
    if (p.containerPort !== PORT)
      problems.push(`${c}: unexpected containerPort ${p.containerPort}`);
  }
  const probes = [
    ['livenessProbe', LIVENESS_PATH, true],
    ['readinessProbe', READINESS_PATH, true],
    ['startupProbe', LIVENESS_PATH, false],
  ];
  for (const [name, path, required] of probes) {
    const probe = container[name];
    if (probe === undefined) {
      if (required) problems.push(`${c}: ${name} missing`);
      continue;
    }
    const get = probe.httpGet;
    if (!get) {
      problems.push(`${c}: ${name} must be an httpGet probe`);
      continue;
    }
    if (get.path !== path) problems.push(`${c}: ${name} path is ${get.path}, expected ${path}`);
    if (get.port !== PORT_NAME && get.port !== PORT) {
      problems.push(`${c}: ${name} port is ${get.port}, expected ${PORT_NAME} or ${PORT}`);
    }
  }
  const preStop = container.lifecycle?.preStop;
  if (!preStop?.exec?.command && !preStop?.sleep) problems.push(`${c}: lifecycle.preStop missing`);
  const command = asArray(container.command).join(' ');
  if (!command.includes('server/dist/server/src/main.js')) {
    problems.push(
      `${c}: command must run server/dist/server/src/main.js (got ${command || 'none'})`,
    );
  }
}

/** Every ConfigMap/Secret reference names an object and key that exist. */
function checkEnvReferences(c, container, configMaps, secretTemplates, problems) {
  for (const from of asArray(container.envFrom)) {
    const name = from.configMapRef?.name;
    if (name !== undefined && !configMaps.has(name))
      problems.push(`${c}: envFrom unknown ConfigMap ${name}`);
    if (from.secretRef)
      problems.push(`${c}: envFrom secretRef hides which secrets are used; name them`);
  }
  for (const env of asArray(container.env)) {
    if (typeof env.name !== 'string') problems.push(`${c}: env entry without a name`);
    const cm = env.valueFrom?.configMapKeyRef;
    if (cm) {
      const data = configMaps.get(cm.name)?.doc.data;
      if (!data || !(cm.key in data))
        problems.push(`${c}: env ${env.name}: no ConfigMap key ${cm.name}/${cm.key}`);
    }
    const secret = env.valueFrom?.secretKeyRef;
    if (secret) {
      const keys = secretTemplates.get(secret.name);
      if (!keys || !keys.has(secret.key)) {
        problems.push(
          `${c}: env ${env.name}: ${secret.name}/${secret.key} is not in a secret template`,
        );
      }
    }
    if (SECRET_KEYS.includes(env.name) && env.value !== undefined) {
      problems.push(`${c}: env ${env.name} is a secret; use a secretKeyRef, never a literal`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(fileURLToPath(new URL('.', import.meta.url)), 'base');
  const problems = validate(dir);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`k8s: ${problem}`);
    console.error(`k8s: ${problems.length} problem(s) in ${relative(process.cwd(), resolve(dir))}`);
    process.exit(1);
  }
  const count = listYamlFiles(resolve(dir)).length;
  console.log(`k8s: ${count} manifest files in ${relative(process.cwd(), resolve(dir))} are valid`);
}
