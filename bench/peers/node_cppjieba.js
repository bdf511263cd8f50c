'use strict';
// nodejieba 3.5.8 (cppjieba, a C++ addon built by node-gyp at install).
// usage: node bench/peers/node_cppjieba.js CORPUS OUTFILE [--mode extract|cut|pos|textrank] [--topk N]
//                                         [--hmm]
//   extract   nodejieba.extract(line, N): cppjieba's KeywordExtractor (MixSegment = max-probability
//             path + HMM, its own idf.utf8 and stop_words.utf8); --hmm changes nothing here
//   cut       nodejieba.cut(line, hmm): the binding's default is HMM off; --hmm turns it on (as
//             Python's lcut); tokens joined by U+001F
//   pos       nodejieba.tag(line): cppjieba's PosTagger over MixSegment (HMM always on; the binding
//             takes no HMM flag, --hmm changes nothing); one JSON array [["word","tag"],...] per
//             line, made after the timed loop
//   textrank  nodejieba.textRankExtract(line, N) (N = 20 unless --topk): cppjieba's
//             TextRankExtractor (span 5, 10 iterations, its stop_words.utf8, no single-character
//             words, no part-of-speech filter), keywords joined by one blank
// Prints 'RESULT {json}' on stdout; the work loop is timed apart from require, load, read and write.
const { parseArgs, readLines, writeLines, now, report } = require('./common');

const a = parseArgs(process.argv.slice(2), ['extract', 'cut', 'pos', 'textrank']);
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
} else if (a.mode === 'textrank') {
  for (let i = 0; i < lines.length; i++) out[i] = nodejieba.textRankExtract(lines[i], a.topk).map((k) => k.word).join(' ');
} else if (a.mode === 'pos') {
  for (let i = 0; i < lines.length; i++) out[i] = nodejieba.tag(lines[i]);
} else {
  for (let i = 0; i < lines.length; i++) out[i] = nodejieba.cut(lines[i], a.hmm).join('\x1f');
}
t.t4 = now();
if (a.mode === 'pos') for (let i = 0; i < out.length; i++) out[i] = JSON.stringify(out[i].map((w) => [w.word, w.tag]));
writeLines(a.outfile, out);
t.t5 = now();
report({ tool: 'nodejieba', mode: a.mode, hmm: a.hmm, corpus: a.corpus, lines: lines.length, bytes }, t);
