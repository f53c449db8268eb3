/** The SARIF 2.1.0 schema fixture compiled with ajv (a transitive devDependency; tests only). */
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Ajv = require('ajv');

let validate: ((x: unknown) => boolean) & { errors?: unknown } | undefined;

export function sarifValidator(): ((x: unknown) => boolean) & { errors?: unknown } {
  if (validate) return validate;
  const file = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'sarif-schema-2.1.0.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  // The schema is draft-04 (`id`, not `$id`); ajv 8 reads it once the id is renamed. Its language-tag
  // pattern is not valid with the `u` flag, hence unicodeRegExp: false.
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  validate = ajv.compile({ $id: id, ...rest });
  return validate!;
}
