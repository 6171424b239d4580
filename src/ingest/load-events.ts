import type { Adapter } from '../adapters/index.js';
import { ChatsemError } from '../core/index.js';
import type { InputItem, LoadEventsOptions, LoadReport } from './load-types.js';
import { type InputSource, resolveInputs } from './open-inputs.js';
import { rawSchemaName } from './raw-schema-name.js';
import { readSource } from './read-events.js';
import { runLoad } from './run-load.js';

/**
 * `chatsem load <paths…>`: reads every input (files, directories, gzip, `-`) and loads all of their events as
 * one load into `<prefix>_event`. Throws a ChatsemError naming file, line and reason for the first invalid
 * record unless `skipInvalid`; then nothing is written.
 */
export async function loadEvents(adapter: Adapter, options: LoadEventsOptions): Promise<LoadReport> {
  const schema = rawSchemaName(options.prefix);
  const sources = await resolveInputs(options.inputs, options.stdin);
  return runLoad(adapter, {
    schema,
    items: readAll(sources, options.format ?? 'auto'),
    skipInvalid: options.skipInvalid,
    onProgress: options.onProgress,
  });
}

async function* readAll(sources: InputSource[], format: LoadEventsOptions['format'] & string): AsyncGenerator<InputItem[]> {
  for (const source of sources) {
    try {
      yield* readSource(source.name, source.open(), format);
    } catch (error) {
      if (error instanceof ChatsemError) throw error;
      throw new ChatsemError(`Could not read ${source.name}: ${(error as Error).message}. Nothing was loaded.`, {
        location: { file: source.name },
        hint: 'A file starting with the gzip magic bytes must be a complete gzip stream; check that the file is readable.',
        cause: error,
      });
    }
  }
}
