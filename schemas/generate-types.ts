/**
 * Generates TypeScript types for the engine's own schemas (schemas/engine → schemas/generated).
 * Run with `npm run gen:types`; tests/schemas/generated-types.test.ts fails when they drift.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';

const engineDir = new URL('./engine/', import.meta.url);
const outDir = new URL('./generated/', import.meta.url);

export async function generatedTypes(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const files = readdirSync(engineDir).filter((f) => f.endsWith('.schema.json')).sort();
  const byId = new Map(files.map((f) => {
    const s = JSON.parse(readFileSync(new URL(f, engineDir), 'utf8'));
    return [s.$id.split('/').pop(), s] as const;
  }));
  for (const file of files) {
    const schema = JSON.parse(readFileSync(new URL(file, engineDir), 'utf8'));
    const ts = await compile(schema, schema.title, {
      bannerComment: `/* Generated from schemas/engine/${file} by schemas/generate-types.ts. Do not edit. */`,
      additionalProperties: false,
      format: true,
      // Only our own sibling schemas are referenced; nothing is fetched.
      $refOptions: {
        resolve: {
          external: true,
          http: false,
          file: false,
          sibling: {
            order: 1,
            canRead: true,
            read: (f: { url: string }) => {
              const doc = byId.get(f.url.split('/').pop()!);
              if (!doc) throw new Error(`unknown schema ${f.url}`);
              return JSON.stringify(doc);
            },
          },
        },
      } as never,
    });
    out.set(file.replace('.schema.json', '.ts'), ts);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, ts] of await generatedTypes()) writeFileSync(new URL(name, outDir), ts);
  console.log('schemas/generated updated');
}
