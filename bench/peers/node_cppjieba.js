'use strict';
// nodejieba 3.5.8 (cppjieba, a C++ addon built by node-gyp at install).
// usage: node bench/peers/node_cppjieba.js CORPUS OUTFILE [--mode extract|cut] [--topk N] [--hmm]
//   extract  nodejieba.extract(line, N): cppjieba's KeywordExtractor (MixSegment = max-probability
//            path + HMM, its own idf.utf8 and stop_words.utf8); --hmm changes nothing here
//   cut      nodejieba.cut(line, hmm): the binding's default is HMM off; --hmm turns it on (as
//            Python's lcut); tokens joined by U+001F
// Prints 'RESULT {json}' on stdout; the work loop is timed apart from require, load, read and write.
const { parseArgs, readLines, writeLines, now, report } = require('./common');

const a = parseArgs(process.argv.slice(2));
const t = {};
t.t0 = now();
const nodejieba = require('nodejieba');
t.t1 = now();
nodejieba.load();  // the default dictionaries shipped in the package
t.t2 = now();
const { lines, bytes } = readLines(a.corpus);
t.t3 = now();
const out = new Array(lines.length);
if (a.mode === 'extract') {
  for (let i = 0; i < lines.length; i++) out[i] = nodejieba.extract(lines[i], a.topk).map((k) => k.word).join(' ');
} else {
  for (let i = 0; i < lines.length; i++) out[i] = nodejieba.cut(lines[i], a.hmm).join('\x1f');
}
t.t4 = now();
writeLines(a.outfile, out);
t.t5 = now();
report({ tool: 'nodejieba', mode: a.mode, hmm: a.hmm, corpus: a.corpus, lines: lines.length, bytes }, t);
