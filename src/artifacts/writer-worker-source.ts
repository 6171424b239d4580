/**
 * The code of BackgroundWriter's thread, as source text: evaluated with `new Worker(…, { eval: true })`, so it runs
 * the same from dist/ and from the TypeScript sources under vitest. CommonJS, plain JavaScript. `writeIfChanged`
 * mirrors the function of the same name in write-file.ts (write-manifest.test.ts and background-writer.test.ts check
 * both behave alike). A failed operation is reported on its acknowledgement; later operations still run, except
 * the pieces of a manifest whose file could not be opened. Files read ahead ('read-ahead', while the main thread
 * compiles) spare the reads of the unchanged-file check: a file is taken as unchanged only if its bytes match and
 * a fresh stat shows the very file that was read (same inode, size, mtime and ctime).
 */
export const WRITER_WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const sha256 = typeof crypto.hash === 'function'
  ? (text) => crypto.hash('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex');

function readTexts(files) {
  const contents = new Array(files.length);
  const checksums = new Array(files.length);
  for (let i = 0; i < files.length; i++) {
    contents[i] = fs.readFileSync(files[i], 'utf8');
    checksums[i] = sha256(contents[i]);
  }
  return { contents, checksums };
}

const createdDirs = new Set();
let manifest = null;
const readAhead = new Map();
let readAheadBytes = 0;
const READ_AHEAD_LIMIT = 128 * 1024 * 1024;
const READ_AHEAD_FILES = 250000;
const READ_AHEAD_FILE_LIMIT = 1024 * 1024;

function readAheadDir(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (readAheadBytes >= READ_AHEAD_LIMIT || readAhead.size >= READ_AHEAD_FILES) return;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) readAheadDir(file);
    else if (entry.isFile()) readAheadFile(file);
  }
}

function readAheadFile(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return;
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || stats.size > READ_AHEAD_FILE_LIMIT) return;
    const bytes = Buffer.allocUnsafe(stats.size);
    let offset = 0;
    while (offset < bytes.length) {
      const read = fs.readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (read === 0) return;
      offset += read;
    }
    readAhead.set(file, { bytes, stats });
    readAheadBytes += bytes.length;
  } catch {
    // unreadable: left to the regular check
  } finally {
    fs.closeSync(fd);
  }
}

function unchangedSinceReadAhead(file, bytes) {
  const known = readAhead.get(file);
  if (known === undefined) return false;
  readAhead.delete(file);
  if (!known.bytes.equals(bytes)) return false;
  const now = fs.statSync(file, { throwIfNoEntry: false });
  const then = known.stats;
  return !!now && now.isFile() && now.ino === then.ino && now.size === then.size && now.mtimeMs === then.mtimeMs && now.ctimeMs === then.ctimeMs;
}

function writeIfChanged(file, contents) {
  const bytes = Buffer.from(contents, 'utf8');
  if (unchangedSinceReadAhead(file, bytes)) return;
  const existing = fs.statSync(file, { throwIfNoEntry: false });
  if (existing && existing.isFile() && existing.size === bytes.length && fs.readFileSync(file).equals(bytes)) return;
  const dir = path.dirname(file);
  if (!createdDirs.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    createdDirs.add(dir);
  }
  fs.writeFileSync(file, bytes);
}

function writeAll(fd, bytes, length) {
  for (let offset = 0; offset < length; ) offset += fs.writeSync(fd, bytes, offset, length - offset);
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
    case 'read-texts':
      return readTexts(message.files);
    case 'read-ahead':
      readAheadDir(message.dir);
      return;
    case 'files':
      for (const [file, contents] of message.files) writeIfChanged(file, contents);
      return;
    case 'open':
      discardManifest();
      manifest = { fd: null, path: message.path, temporary: message.temporary };
      fs.mkdirSync(path.dirname(message.path), { recursive: true });
      manifest.fd = fs.openSync(message.temporary, 'w');
      return;
    case 'bytes':
      if (manifest === null) return;
      writeAll(manifest.fd, new Uint8Array(message.bytes), message.length);
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
  let value;
  try {
    value = run(message);
  } catch (caught) {
    error = caught;
    if (message.op === 'open' || message.op === 'bytes' || message.op === 'commit') {
      try {
        discardManifest();
      } catch {}
    }
  }
  parentPort.postMessage({ ack: message.ack, error, value });
});
`;
