/**
 * The code of BackgroundWriter's thread, as source text: evaluated with `new Worker(…, { eval: true })`, so it runs
 * the same from dist/ and from the TypeScript sources under vitest. CommonJS, plain JavaScript. `writeIfChanged`
 * mirrors the function of the same name in write-file.ts (write-manifest.test.ts and background-writer.test.ts check
 * both behave alike). A failed operation is reported on its acknowledgement; later operations still run, except
 * the pieces of a manifest whose file could not be opened.
 */
export const WRITER_WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');

const createdDirs = new Set();
let manifest = null;

function writeIfChanged(file, contents) {
  const bytes = Buffer.from(contents, 'utf8');
  const existing = fs.statSync(file, { throwIfNoEntry: false });
  if (existing && existing.isFile() && existing.size === bytes.length && fs.readFileSync(file).equals(bytes)) return;
  const dir = path.dirname(file);
  if (!createdDirs.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    createdDirs.add(dir);
  }
  fs.writeFileSync(file, bytes);
}

function writeAll(fd, text) {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

function discardManifest() {
  if (manifest === null) return;
  const { fd, temporary } = manifest;
  manifest = null;
  if (fd !== null) fs.closeSync(fd);
  fs.rmSync(temporary, { force: true });
}

function run(message) {
  switch (message.op) {
    case 'files':
      for (const [file, contents] of message.files) writeIfChanged(file, contents);
      return;
    case 'open':
      discardManifest();
      manifest = { fd: null, path: message.path, temporary: message.temporary };
      fs.mkdirSync(path.dirname(message.path), { recursive: true });
      manifest.fd = fs.openSync(message.temporary, 'w');
      return;
    case 'piece':
      if (manifest === null) return;
      writeAll(manifest.fd, message.text);
      return;
    case 'commit': {
      if (manifest === null) return;
      const { fd, path: target, temporary } = manifest;
      manifest = null;
      fs.closeSync(fd);
      fs.renameSync(temporary, target);
      return;
    }
    case 'abort':
      discardManifest();
      return;
    case 'flush':
      return;
  }
}

parentPort.on('message', (message) => {
  let error = null;
  try {
    run(message);
  } catch (caught) {
    error = caught;
    if (message.op === 'open' || message.op === 'piece' || message.op === 'commit') {
      try {
        discardManifest();
      } catch {}
    }
  }
  parentPort.postMessage({ ack: message.ack, error });
});
`;
