/**
 * `Buffer` in the web worker, which has none, for what the shared code does with it:
 * `Buffer.from(text, 'utf8').toString('utf8')`, a fresh copy of a string (crossfile/unitEvidence.ts
 * copies what it keeps so that slices of a log's text do not keep the whole text alive). The web
 * build (scripts/build.mjs) injects this in place of the global; any other use throws, naming it.
 */
export const Buffer = {
  from(value: unknown, encoding?: string): { toString(encoding?: string): string } {
    if (typeof value !== 'string' || (encoding !== undefined && encoding !== 'utf8')) {
      throw new Error(`Buffer.from(${typeof value}, ${String(encoding)}) is not available in the web worker`);
    }
    const bytes = new TextEncoder().encode(value);
    return {
      toString(enc?: string): string {
        if (enc !== undefined && enc !== 'utf8') throw new Error(`Buffer#toString(${enc}) is not available in the web worker`);
        return new TextDecoder().decode(bytes);
      },
    };
  },
};
