#!/usr/bin/python3
"""Python jieba 0.42.1 (Debian's python3-jieba), one process, the reference kwx reproduces.

usage: /usr/bin/python3 bench/peers/py_jieba_serial.py CORPUS OUTFILE [--mode extract|cut|pos|textrank]
                                                          [--topk N]

  extract   jieba.analyse.extract_tags(line, topK=N) for every line (N = 100 unless --topk),
            keywords joined by one blank, one output line per input line
  cut       jieba.lcut(line) (accurate mode, HMM on), tokens joined by U+001F
  pos       jieba.posseg.lcut(line) (HMM on); one JSON array [["word","flag"],...] per line (the
            same as kwx cut --pos --format jsonl). The loop keeps the pair lists; the JSON is made
            after it, with the writing
  textrank  jieba.analyse.textrank(line, topK=N) (N = 20 unless --topk; jieba's default allowPOS
            ns,n,vn,v), keywords joined by one blank

A line is what lies between two b'\\n' (a last line without b'\\n' counts too); the file is decoded as
UTF-8 with invalid bytes replaced by U+FFFD, as kwx does by default.

The timed work loop covers only the per-line calls: import, dictionary load (jieba.initialize(),
from its prefix-dict cache when there is one), reading and writing the files are timed apart.
Prints one line 'RESULT {json}' on stdout (keys: tool mode corpus lines bytes t_import t_init t_read
t_work t_write mbps).
"""
import argparse
import json
import os
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('corpus')
    ap.add_argument('outfile')
    ap.add_argument('--mode', choices=('extract', 'cut', 'pos', 'textrank'), default='extract')
    ap.add_argument('--topk', type=int, default=None,
                    help='keywords per line (default 100 for extract, 20 for textrank)')
    a = ap.parse_args()
    if a.topk is None:
        a.topk = 20 if a.mode == 'textrank' else 100

    t0 = time.perf_counter()
    import jieba
    import jieba.analyse  # builds the TF-IDF extractor (reads idf.txt) at import
    if a.mode == 'pos':
        import jieba.posseg  # loads posseg's HMM tables (textrank imports it through jieba.analyse)
    jieba.setLogLevel(60)
    t1 = time.perf_counter()
    jieba.initialize()
    t2 = time.perf_counter()
    with open(a.corpus, 'rb') as f:
        data = f.read()
    lines = data.decode('utf-8', 'replace').split('\n')
    if lines[-1] == '':
        lines.pop()
    t3 = time.perf_counter()
    out = []
    if a.mode == 'extract':
        extract, k = jieba.analyse.extract_tags, a.topk
        for line in lines:
            out.append(' '.join(extract(line, topK=k)))
    elif a.mode == 'textrank':
        textrank, k = jieba.analyse.textrank, a.topk
        for line in lines:
            out.append(' '.join(textrank(line, topK=k)))
    elif a.mode == 'pos':
        plcut = jieba.posseg.lcut
        for line in lines:
            out.append(plcut(line))
    else:
        lcut = jieba.lcut
        for line in lines:
            out.append('\x1f'.join(lcut(line)))
    t4 = time.perf_counter()
    if a.mode == 'pos':
        out = [json.dumps([[p.word, p.flag] for p in ps], ensure_ascii=False) for ps in out]
    with open(a.outfile, 'w', encoding='utf-8', newline='\n') as f:
        for s in out:
            f.write(s)
            f.write('\n')
    t5 = time.perf_counter()
    work = t4 - t3
    r = dict(tool='python_jieba', mode=a.mode, corpus=os.path.basename(a.corpus), lines=len(lines),
             bytes=len(data), t_import=t1 - t0, t_init=t2 - t1, t_read=t3 - t2, t_work=work,
             t_write=t5 - t4, mbps=(len(data) / 1e6 / work) if work > 0 else None)
    print('RESULT ' + json.dumps(r), flush=True)


if __name__ == '__main__':
    main()
