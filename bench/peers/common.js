'use strict';
// Helpers shared by the JavaScript peer runners (node_cppjieba.js, node_jiebars.js).
// The packages are found through NODE_PATH (bench/compare.sh points it at <work>/node/node_modules).
const fs = require('fs');
const path = require('path');

// argv: CORPUS OUTFILE [--mode extract|cut|pos|textrank] [--topk N] [--hmm]
// --topk defaults to 100 (extract) or 20 (textrank). `modes`: the modes the runner supports.
function parseArgs(argv, modes = ['extract', 'cut']) {
  const pos = [];
  const opt = { mode: 'extract', topk: null, hmm: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--mode') opt.mode = argv[++i];
    else if (a === '--topk') opt.topk = parseInt(argv[++i], 10);
    else if (a === '--hmm') opt.hmm = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else pos.push(a);
  }
  if (pos.length !== 2) throw new Error(`usage: CORPUS OUTFILE [--mode ${modes.join('|')}] [--topk N] [--hmm]`);
  if (!modes.includes(opt.mode)) throw new Error(`bad mode ${opt.mode} (this runner has ${modes.join(', ')})`);
  if (opt.topk === null) opt.topk = opt.mode === 'textrank' ? 20 : 100;
  return { corpus: pos[0], outfile: pos[1], ...opt };
}

// Lines split on '\n' like the Python runner (a trailing empty piece is dropped); invalid UTF-8
// becomes U+FFFD (Buffer.toString does that).
function readLines(file) {
  const buf = fs.readFileSync(file);
  const lines = buf.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return { lines, bytes: buf.length };
}

function writeLines(file, out) {
  fs.writeFileSync(file, out.length ? out.join('\n') + '\n' : '');
}

function now() { return Number(process.hrtime.bigint()) / 1e9; }

// t: {t0 (before require), t1 (after require), t2 (after dictionary load), t3 (after read),
//     t4 (after the work loop), t5 (after write)}
function report(fields, t) {
  const work = t.t4 - t.t3;
  const r = Object.assign({}, fields, {
    t_import: t.t1 - t.t0, t_init: t.t2 - t.t1, t_read: t.t3 - t.t2, t_work: work, t_write: t.t5 - t.t4,
    mbps: work > 0 ? fields.bytes / 1e6 / work : null,
  });
  r.corpus = path.basename(r.corpus);
  process.stdout.write('RESULT ' + JSON.stringify(r) + '\n');
}

module.exports = { parseArgs, readLines, writeLines, now, report };
