/**
 * Turns the paths of `chatsem load` into byte streams: files, directories (recursively, in sorted order so a
 * load is reproducible), `-` for stdin, and gzip-compressed data recognised by its magic bytes, whatever the
 * file is called.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { ChatsemError } from '../core/index.js';

export interface InputSource {
  /** The path as the user gave it (or found under a directory they gave), `<stdin>` for `-`. */
  name: string;
  open(): Readable;
  /** Bytes on disk (files only). */
  size?: number;
}

/** Reads of 1 MB: fewer, larger chunks cost less per byte, above all when they are handed to the load worker. */
const READ_CHUNK_BYTES = 1 << 20;
const openFile = (path: string): Readable => createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });

/** Files in directories that are read; anything else there (README.md, .DS_Store) is ignored. */
const EVENT_FILE = /\.(jsonl|ndjson|json|log)(\.gz)?$|\.gz$/i;

export async function resolveInputs(inputs: string[], stdin?: Readable): Promise<InputSource[]> {
  if (inputs.length === 0) throw new ChatsemError('No input given.', { hint: 'Pass files, directories or - for stdin: chatsem load exports/ --vars source_schema_prefix=my_bot' });
  const sources: InputSource[] = [];
  for (const input of inputs) {
    if (input === '-') {
      const stream = stdin ?? process.stdin;
      sources.push({ name: '<stdin>', open: () => stream });
      continue;
    }
    let info;
    try {
      info = await stat(input);
    } catch {
      throw new ChatsemError(`Input ${input} does not exist.`, { location: { file: input }, hint: 'Check the path; directories are read recursively.' });
    }
    if (info.isDirectory()) {
      const files = await listFiles(input);
      if (files.length === 0) throw new ChatsemError(`Directory ${input} holds no .json, .jsonl, .ndjson, .log or .gz files.`, { location: { file: input } });
      for (const file of files) sources.push({ name: file.path, open: () => openFile(file.path), size: file.size });
    } else {
      sources.push({ name: input, open: () => openFile(input), size: info.size });
    }
  }
  return sources;
}

async function listFiles(dir: string): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: { path: string; size: number }[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile() && EVENT_FILE.test(entry.name)) files.push({ path, size: (await stat(path)).size });
  }
  return files;
}

/** Bytes of a stream, gunzipped when it starts with the gzip magic number. */
async function* decompressed(stream: Readable): AsyncGenerator<Buffer> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await iterator.next();
  if (first.done) return;
  const head = typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
  const rest = { [Symbol.asyncIterator]: () => iterator };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    const feed = (async () => {
      try {
        gunzip.write(head);
        for await (const chunk of rest) if (!gunzip.write(chunk)) await new Promise((resolve) => gunzip.once('drain', resolve));
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    })();
    for await (const chunk of gunzip) yield chunk as Buffer;
    await feed;
    return;
  }
  yield head;
  for await (const chunk of rest) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** Lines of a (possibly gzipped) stream, in batches, numbered from 1. CRLF endings are accepted. */
export async function* readLines(stream: Readable): AsyncGenerator<{ lines: string[]; firstLine: number }> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNo = 1;
  for await (const chunk of decompressed(stream)) {
    const text = carry + decoder.write(chunk);
    const lines = text.split('\n');
    carry = lines.pop()!;
    if (lines.length === 0) continue;
    for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
    yield { lines, firstLine: lineNo };
    lineNo += lines.length;
  }
  carry += decoder.end();
  if (carry.endsWith('\r')) carry = carry.slice(0, -1);
  if (carry !== '') yield { lines: [carry], firstLine: lineNo };
}
