// Validates nara's OpenAPI document (/api/openapi.json) with a real validator:
// @apidevtools/swagger-parser checks it against the OpenAPI 3.0 schema and resolves
// every $ref. It starts nothing: the document is read from the file named on the
// command line (ctest writes it with nara_openapi_dump, see src/nara/serve/CMakeLists.txt).
//
//   node web/tests/openapi.mjs FILE.json
//
// Exit code 0 when the document is valid; 1 with the validator's message otherwise.
import fs from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';

const file = process.argv[2];
if (!file) {
  console.error('usage: node web/tests/openapi.mjs FILE.json');
  process.exit(1);
}

try {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const api = await SwaggerParser.validate(doc);
  const paths = Object.keys(api.paths ?? {}).length;
  const schemas = Object.keys(api.components?.schemas ?? {}).length;
  console.log(`${file}: valid OpenAPI ${api.openapi} (${paths} paths, ${schemas} schemas)`);
  process.exit(0);
} catch (e) {
  const lines = String(e.message).split('\n');
  console.error(`${file}: not a valid OpenAPI document: ${lines.slice(0, 30).join('\n')}`);
  if (lines.length > 30) console.error(`  … and ${lines.length - 30} more lines`);
  process.exit(1);
}
