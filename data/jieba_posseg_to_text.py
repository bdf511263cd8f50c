#!/usr/bin/python3
"""Writes jieba's posseg HMM tables (posseg/char_state_tab.py, prob_start.py, prob_trans.py,
prob_emit.py) in kwx's text form, pos_hmm.utf8 (src/dict/pos_model.h describes it).

usage: /usr/bin/python3 jieba_posseg_to_text.py JIEBA_DIR OUTPUT

Every probability is written with repr(), the shortest decimal that reads back to the same
double, so the C++ loader (strtod) gets bit-identical values. The tables are read as Python
literals (ast.literal_eval), without importing jieba.
"""
import ast
import os
import sys


def load_table(path):
    with open(path, encoding='utf-8') as f:
        src = f.read()
    return ast.literal_eval(src[src.index('=') + 1:].strip())


def main():
    jieba_dir, out = sys.argv[1], sys.argv[2]
    d = os.path.join(jieba_dir, 'posseg')
    tab = load_table(os.path.join(d, 'char_state_tab.py'))
    start = load_table(os.path.join(d, 'prob_start.py'))
    trans = load_table(os.path.join(d, 'prob_trans.py'))
    emit = load_table(os.path.join(d, 'prob_emit.py'))
    for pos, tag in start:
        if pos not in 'BEMS' or len(pos) != 1 or not tag or any(c in tag for c in ' ,:\n\r\t'):
            sys.exit('jieba_posseg_to_text: cannot represent state %r' % ((pos, tag),))
    lines = ['# jieba 0.42.1 posseg HMM, converted by kwx (data/jieba_posseg_to_text.py)',
             '# state POS TAG START']
    lines += ['state %s %s %r' % (pos, tag, float(p)) for (pos, tag), p in start.items()]
    lines.append('# trans POS TAG POS TAG LOGPROB')
    for (pos, tag), targets in trans.items():
        lines += ['trans %s %s %s %s %r' % (pos, tag, p2, t2, float(p))
                  for (p2, t2), p in targets.items()]
    lines.append('# emit POS TAG c:LOGPROB,...')
    for (pos, tag), items in emit.items():
        for ch in items:
            if len(ch) != 1 or ch in ',: \n\r\t':
                sys.exit('jieba_posseg_to_text: cannot represent emission key %r' % ch)
        if items:
            lines.append('emit %s %s %s' % (pos, tag, ','.join('%s:%r' % (ch, float(p))
                                                               for ch, p in items.items())))
    lines.append('# char c POS TAG ...')
    for ch, states in tab.items():
        if len(ch) != 1 or ch in ' \n\r\t':
            sys.exit('jieba_posseg_to_text: cannot represent character %r' % ch)
        lines.append('char %s %s' % (ch, ' '.join('%s %s' % s for s in states)))
    tmp = out + '.tmp'
    with open(tmp, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\n'.join(lines) + '\n')
    os.replace(tmp, out)


if __name__ == '__main__':
    main()
