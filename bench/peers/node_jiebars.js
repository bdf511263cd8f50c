'use strict';
// @node-rs/jieba 2.0.3 (jieba-rs, a prebuilt napi addon from the registry).
// usage: node bench/peers/node_jiebars.js CORPUS OUTFILE [--mode extract|cut|pos] [--topk N] [--hmm]
//   extract  TfIdf.withDict(idf).extractKeywords(jieba, line, N) with the package's bundled dict.txt
//            and idf.txt. Without --hmm: the binding's defaults (HMM off). --hmm: Python-like
//            settings: HMM on, Python's 31 English stop words, keywords of 2+ characters.
//   cut      jieba.cut(line, hmm) (HMM off unless --hmm), tokens joined by U+001F
//   pos      jieba.tag(line, hmm) (HMM off unless --hmm) with the bundled dict.txt; one JSON array
//            [["word","tag"],...] per line, made after the timed loop
// No textrank mode: 2.0.3's binding exports only Jieba (cut, cutAll, cutForSearch, cutAsync, tag,
// loadDict), CutTask and TfIdf; jieba-rs's TextRank is not reachable from JavaScript.
// Prints 'RESULT {json}' on stdout; the work loop is timed apart from require, load, read and write.
const { parseArgs, readLines, writeLines, now, report } = require('./common');

// jieba/analyse/tfidf.py STOP_WORDS of Python jieba 0.42.1
const PYTHON_STOP_WORDS = ['the', 'of', 'is', 'and', 'to', 'in', 'that', 'we', 'for', 'an', 'are', 'by',
  'be', 'as', 'on', 'with', 'can', 'if', 'from', 'which', 'you', 'it', 'this', 'then', 'at', 'have', 'all',
  'not', 'one', 'has', 'or'];

// @node-rs/jieba 2.0.x's setConfig reads each stop word from `.value` of the iterator object itself
// (not from what next() returned), so a real Set fails with "Failed to convert JavaScript value
// `Undefined` into rust type `String`". Hand it an iterable whose iterator carries the current word.
function stopWordsForBinding(words) {
  let i = 0;
  const it = {
    value: undefined,
    next() {
      if (i < words.length) { it.value = words[i++]; return { done: false, value: it.value }; }
      return { done: true, value: undefined };
    },
  };
  return { values: () => it };
}

const a = parseArgs(process.argv.slice(2), ['extract', 'cut', 'pos']);
const t = {};
t.t0 = now();
const { Jieba, TfIdf } = require('@node-rs/jieba');
const { dict, idf } = require('@node-rs/jieba/dict');
t.t1 = now();
const jieba = Jieba.withDict(dict);
const tfidf = a.mode === 'extract' ? TfIdf.withDict(idf) : null;
if (tfidf && a.hmm) tfidf.setConfig({ stopWords: stopWordsForBinding(PYTHON_STOP_WORDS), minKeywordLength: 2, useHmm: true });
t.t2 = now();
const { lines, bytes } = readLines(a.corpus);
t.t3 = now();
const out = new Array(lines.length);
if (a.mode === 'extract') {
  for (let i = 0; i < lines.length; i++) out[i] = tfidf.extractKeywords(jieba, lines[i], a.topk).map((k) => k.keyword).join(' ');
} else if (a.mode === 'pos') {
  for (let i = 0; i < lines.length; i++) out[i] = jieba.tag(lines[i], a.hmm);
} else {
  for (let i = 0; i < lines.length; i++) out[i] = jieba.cut(lines[i], a.hmm).join('\x1f');
}
t.t4 = now();
if (a.mode === 'pos') for (let i = 0; i < out.length; i++) out[i] = JSON.stringify(out[i].map((w) => [w.word, w.tag]));
writeLines(a.outfile, out);
t.t5 = now();
report({ tool: 'node-rs-jieba', mode: a.mode, hmm: a.hmm, corpus: a.corpus, lines: lines.length, bytes }, t);
