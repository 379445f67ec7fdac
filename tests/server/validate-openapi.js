// SPDX-License-Identifier: GPL-3.0-or-later
//
// Validates src/server/openapi.yaml: against the OpenAPI 3.0 schema (with
// @apidevtools/swagger-parser from build-aux/node_modules, which
// `npm ci --prefix build-aux` installs), then against the project's rules.
//
//   node tests/server/validate-openapi.js [PATH-TO-openapi.yaml]
//
// Exits 0 when valid, 1 with one line per problem when not, 77 (skipped) when
// the validator is not installed.

'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const sourceDir = process.env.EOC_SOURCE_DIR || path.resolve(__dirname, '..', '..');
const specPath = process.argv[2] || path.join(sourceDir, 'src', 'server', 'openapi.yaml');
const buildAux = path.join(sourceDir, 'build-aux');

// The error codes and their statuses, as /tmp/eoc/API.md and eoc-util.c have them.
const CODE_STATUS = {
  bad_request: 400,
  invalid_name: 400,
  invalid_version: 400,
  invalid_configuration: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  name_taken: 409,
  version_mismatch: 409,
  operation_in_progress: 409,
  invalid_state: 409,
  backup_corrupt: 409,
  too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  too_many_uploads: 429,
  insufficient_storage: 507,
};

// Every endpoint of the API, each with the role it needs.
const ENDPOINTS = {
  'GET /health': 'none',
  'GET /me': 'viewer',
  'GET /users': 'admin',
  'POST /users': 'admin',
  'DELETE /users/{name}': 'admin',
  'GET /versions': 'viewer',
  'GET /environments': 'viewer',
  'POST /environments': 'admin',
  'GET /environments/{id}': 'viewer',
  'POST /environments/{id}/update': 'operator',
  'POST /environments/{id}/start': 'operator',
  'POST /environments/{id}/stop': 'operator',
  'GET /environments/{id}/configuration': 'viewer',
  'GET /environments/{id}/backups': 'viewer',
  'POST /environments/{id}/backups': 'operator',
  'GET /environments/{id}/backups/suggested-name': 'viewer',
  'GET /environments/{id}/backups/{bid}': 'viewer',
  'DELETE /environments/{id}/backups/{bid}': 'operator',
  'GET /environments/{id}/backups/{bid}/content': 'viewer',
  'GET /environments/{id}/backups/{bid}/changes': 'viewer',
  'POST /environments/{id}/backups/{bid}/restore': 'operator',
  'POST /environments/{id}/uploads': 'operator',
  'GET /environments/{id}/uploads/{uid}': 'viewer',
  'DELETE /environments/{id}/uploads/{uid}': 'operator',
  'GET /environments/{id}/uploads/{uid}/changes': 'viewer',
  'POST /environments/{id}/import': 'operator',
  'GET /environments/{id}/schedule': 'viewer',
  'PUT /environments/{id}/schedule': 'operator',
  'GET /environments/{id}/activity': 'viewer',
  'GET /operations/{id}': 'viewer',
  'GET /events': 'viewer',
};

const REQUIRED_SCHEMAS = [
  'Environment', 'Backup', 'Upload', 'Operation', 'Schedule', 'Activity', 'Changes', 'Error',
  'Me', 'User', 'Version', 'Event', 'HelloEvent', 'HeartbeatEvent', 'PongEvent', 'PingMessage',
  'EnvironmentChangedEvent', 'BackupCreatedEvent', 'BackupUpdatedEvent', 'BackupDeletedEvent',
  'OperationChangedEvent', 'ActivityAddedEvent',
];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ERROR_REF = '#/components/schemas/Error';

function loadValidator() {
  const requireFromBuildAux = createRequire(path.join(buildAux, 'package.json'));

  try {
    return requireFromBuildAux('@apidevtools/swagger-parser');
  } catch (e) {
    console.log(`SKIP: the OpenAPI validator is not installed (${e.code || e.message}); ` +
                `run: npm ci --prefix "${buildAux}" (build-aux/test does)`);
    process.exit(77);
  }
}

// Follows a local "#/a/b" reference in the document as written.
function resolve(doc, node) {
  let seen = 0;

  while (node && typeof node.$ref === 'string') {
    if (!node.$ref.startsWith('#/') || ++seen > 20)
      return undefined;
    node = node.$ref.slice(2).split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((at, key) => (at === undefined ? undefined : at[key]), doc);
  }
  return node;
}

function checkRules(doc) {
  const problems = [];
  const usedCodes = new Set();
  const seenEndpoints = new Set();
  const operationIds = new Map();

  if (doc.openapi !== '3.0.3')
    problems.push(`openapi is "${doc.openapi}", not "3.0.3"`);

  const schemes = (doc.components && doc.components.securitySchemes) || {};
  const bearer = schemes.bearerAuth;
  if (!bearer || bearer.type !== 'http' || bearer.scheme !== 'bearer')
    problems.push('components.securitySchemes.bearerAuth must be an http bearer scheme');

  const schemas = (doc.components && doc.components.schemas) || {};
  for (const name of REQUIRED_SCHEMAS) {
    if (!schemas[name])
      problems.push(`components.schemas.${name} is missing`);
  }

  for (const [route, item] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op)
        continue;

      const where = `${method.toUpperCase()} ${route}`;
      const role = ENDPOINTS[where];
      const responses = op.responses || {};
      const statuses = Object.keys(responses);
      const isHealth = where === 'GET /health';

      if (role === undefined) {
        problems.push(`${where}: not an endpoint of the API`);
        continue;
      }
      seenEndpoints.add(where);

      if (!op.operationId)
        problems.push(`${where}: no operationId`);
      else if (operationIds.has(op.operationId))
        problems.push(`${where}: operationId "${op.operationId}" is also ${operationIds.get(op.operationId)}'s`);
      else
        operationIds.set(op.operationId, where);
      if (op['x-required-role'] !== role)
        problems.push(`${where}: x-required-role must be "${role}"`);

      // Security: bearer everywhere but health, which says it has none.
      const security = op.security !== undefined ? op.security : doc.security;
      if (isHealth) {
        if (!Array.isArray(op.security) || op.security.length !== 0)
          problems.push(`${where}: must declare "security: []" (no authentication)`);
      } else if (!Array.isArray(security) || security.length === 0 ||
                 !security.every((req) => req && Object.prototype.hasOwnProperty.call(req, 'bearerAuth'))) {
        problems.push(`${where}: has no bearerAuth security`);
      }

      // The errors every operation of its kind can answer.
      const expected = new Set(['500']);
      if (!isHealth)
        expected.add('401');
      if (role === 'operator' || role === 'admin')
        expected.add('403');
      const params = [...(item.parameters || []), ...(op.parameters || [])]
        .map((p) => resolve(doc, p));
      if (params.some((p) => p && p.in === 'path'))
        expected.add('404');

      // Path parameters: exactly those of the template, each required.
      const inTemplate = [...route.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = params.filter((p) => p && p.in === 'path');
      const declaredNames = declared.map((p) => p.name).sort();
      if (inTemplate.join(',') !== declaredNames.join(','))
        problems.push(`${where}: path parameters [${declaredNames}] do not match the template [${inTemplate}]`);
      for (const p of declared) {
        if (p.required !== true)
          problems.push(`${where}: path parameter "${p.name}" must be required`);
      }
      const body = resolve(doc, op.requestBody);
      if (body && body.content && body.content['application/json'])
        expected.add('400').add('413').add('415');
      if (body && body.content && !body.content['application/json'])
        expected.add('413').add('415');
      for (const status of expected) {
        if (!responses[status])
          problems.push(`${where}: no ${status} response`);
      }

      if (!statuses.some((s) => /^(1|2)\d\d$/.test(s)))
        problems.push(`${where}: no success response`);
      if (!isHealth && !statuses.some((s) => /^4\d\d$/.test(s)))
        problems.push(`${where}: lists no 4xx response`);

      for (const status of statuses) {
        const response = resolve(doc, responses[status]);
        if (!response) {
          problems.push(`${where} ${status}: unresolved response`);
          continue;
        }
        if (status === '204' && response.content)
          problems.push(`${where} 204: must have no body`);
        if (!/^[45]\d\d$/.test(status))
          continue;

        // Errors: an Error body, with an example of each code it may carry.
        const json = response.content && response.content['application/json'];
        if (!json || !json.schema || json.schema.$ref !== ERROR_REF) {
          problems.push(`${where} ${status}: body must be application/json with $ref ${ERROR_REF}`);
          continue;
        }
        const examples = Object.entries(json.examples || {});
        if (examples.length === 0)
          problems.push(`${where} ${status}: no example of its error codes`);
        for (const [name, ref] of examples) {
          const example = resolve(doc, ref);
          const code = example && example.value && example.value.error && example.value.error.code;
          if (!(code in CODE_STATUS)) {
            problems.push(`${where} ${status}: example "${name}" has no known error.code`);
            continue;
          }
          if (String(CODE_STATUS[code]) !== status)
            problems.push(`${where} ${status}: error code "${code}" is a ${CODE_STATUS[code]}`);
          if (!response.description || !response.description.includes(code))
            problems.push(`${where} ${status}: description does not name "${code}"`);
          usedCodes.add(code);
        }
      }

      const forbidden = responses['403'] && resolve(doc, responses['403']);
      if (forbidden && !(role === 'operator' || role === 'admin'))
        problems.push(`${where}: a ${role} operation cannot answer 403`);
    }
  }

  for (const endpoint of Object.keys(ENDPOINTS)) {
    if (!seenEndpoints.has(endpoint))
      problems.push(`${endpoint}: missing`);
  }

  for (const code of Object.keys(CODE_STATUS)) {
    if (code !== 'method_not_allowed' && !usedCodes.has(code))
      problems.push(`error code "${code}" is not documented on any operation`);
  }

  const events = resolve(doc, doc.paths && doc.paths['/events'] && doc.paths['/events'].get);
  const upgrade = events && events.responses && resolve(doc, events.responses['101']);
  if (!upgrade)
    problems.push('GET /events: no 101 (WebSocket upgrade) response');

  return problems;
}

async function main() {
  const SwaggerParser = loadValidator();
  let raw;

  if (!fs.existsSync(specPath)) {
    console.log(`FAIL: ${specPath} does not exist`);
    return 1;
  }

  try {
    // Against the OpenAPI 3.0 schema, every $ref resolved. validate() changes
    // what it is given, so it gets its own copy.
    await SwaggerParser.validate(specPath);
    raw = await SwaggerParser.parse(specPath);
  } catch (e) {
    console.log(`FAIL: ${specPath} is not a valid OpenAPI document:\n${e.message}`);
    return 1;
  }

  const problems = checkRules(raw);
  for (const problem of problems)
    console.log(`FAIL: ${problem}`);
  if (problems.length > 0)
    return 1;

  const count = Object.values(raw.paths)
    .reduce((n, item) => n + METHODS.filter((m) => item[m]).length, 0);
  console.log(`OK: ${path.relative(sourceDir, specPath)} is valid OpenAPI ${raw.openapi}, ` +
              `${count} operations follow the project's rules`);
  return 0;
}

main().then((status) => process.exit(status), (e) => {
  console.log(`FAIL: ${e.stack || e}`);
  process.exit(1);
});
