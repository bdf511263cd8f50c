#!/usr/bin/python3
"""Writes jieba's finalseg HMM tables (prob_start/trans/emit.py) as a cppjieba-layout text file.

usage: /usr/bin/python3 jieba_hmm_to_text.py JIEBA_DIR OUTPUT

Every probability is written with repr(), the shortest decimal that reads back to the same
double, so the C++ loader (strtod) gets bit-identical values. Missing transitions are written as
jieba's MIN_FLOAT (-3.14e+100), which is what jieba substitutes for them.
"""
import ast
import os
import sys

STATES = 'BEMS'          # cppjieba's order
MIN_FLOAT = -3.14e100


def load_table(path):
    # The files are `P={...}` Python literals; literal_eval reads them without importing jieba.
    with open(path, encoding='utf-8') as f:
        src = f.read()
    return ast.literal_eval(src[src.index('=') + 1:].strip())


def main():
    jieba_dir, out = sys.argv[1], sys.argv[2]
    seg = os.path.join(jieba_dir, 'finalseg')
    start = load_table(os.path.join(seg, 'prob_start.py'))
    trans = load_table(os.path.join(seg, 'prob_trans.py'))
    emit = load_table(os.path.join(seg, 'prob_emit.py'))
    lines = ['# jieba 0.42.1 finalseg HMM, converted by kwx (data/jieba_hmm_to_text.py)',
             '# prob_start: B E M S',
             ' '.join(repr(float(start.get(s, MIN_FLOAT))) for s in STATES),
             '# prob_trans: rows from B E M S, columns to B E M S']
    for a in STATES:
        lines.append(' '.join(repr(float(trans.get(a, {}).get(b, MIN_FLOAT))) for b in STATES))
    lines.append('# prob_emit: one line per state B E M S, char:logprob')
    for s in STATES:
        items = emit.get(s, {})
        for ch in items:
            if ch in ',:' or len(ch) != 1:
                sys.exit('jieba_hmm_to_text: cannot represent emission key %r' % ch)
        lines.append('# ' + s)
        lines.append(','.join('%s:%r' % (ch, float(p)) for ch, p in items.items()))
    tmp = out + '.tmp'
    with open(tmp, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\n'.join(lines) + '\n')
    os.replace(tmp, out)


if __name__ == '__main__':
    main()
