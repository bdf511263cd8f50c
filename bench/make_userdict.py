#!/usr/bin/python3
"""A user dictionary of N words for the benchmarks, made from a corpus: distinct runs of 2 to 5
Han characters of its text that jieba's dict.txt does not have (what users add: names and terms
of their domain), each with a frequency (1..1000, seeded) and the tag nz; --no-freq leaves the
frequencies out (load_userdict then computes suggest_freq for every line).

  bench/make_userdict.py CORPUS N [--seed S] [--no-freq] > user.txt
"""
import argparse
import random
import re
import sys

HAN = re.compile('[\u4E00-\u9FD5]+')


def dict_words(path):
    with open(path, 'rb') as f:
        return {line.split(b' ', 1)[0].decode('utf-8') for line in f if line.strip()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('corpus')
    ap.add_argument('n', type=int)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--no-freq', action='store_true')
    ap.add_argument('--dict', default='/usr/lib/python3/dist-packages/jieba/dict.txt')
    args = ap.parse_args()
    rng = random.Random(args.seed)
    known = dict_words(args.dict)
    words, seen = [], set()
    with open(args.corpus, encoding='utf-8', errors='replace') as f:
        for line in f:
            for run in HAN.findall(line):
                for _ in range(len(run) // 4 + 1):
                    n = rng.randint(2, 5)
                    if len(run) < n:
                        break
                    i = rng.randrange(len(run) - n + 1)
                    w = run[i:i + n]
                    if w not in known and w not in seen:
                        seen.add(w)
                        words.append(w)
    if len(words) < args.n:
        sys.exit('make_userdict: the corpus has only %d candidate words' % len(words))
    rng.shuffle(words)
    out = sys.stdout
    for w in words[:args.n]:
        out.write(w + '\n' if args.no_freq else '%s %d nz\n' % (w, rng.randint(1, 1000)))


if __name__ == '__main__':
    main()
