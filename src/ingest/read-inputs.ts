import { ChatsemError } from '../core/index.js';
import type { InputFormat, InputItem } from './load-types.js';
import type { InputSource } from './open-inputs.js';
import { readSource } from './read-events.js';

/** The items of every input in order; a stream that cannot be read fails the load naming the input. */
export async function* readInputs(sources: InputSource[], format: InputFormat): AsyncGenerator<InputItem[]> {
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
