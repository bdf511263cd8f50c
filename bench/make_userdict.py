#!/usr/bin/python3
"""A user dictionary of N words for the benchmarks, each with a frequency (1..1000, seeded) and
the tag nz; --no-freq leaves the frequencies out (load_userdict then computes suggest_freq for
every line). The words come from one of two places:

- a corpus (the default): distinct runs of 2 to 5 Han characters of its text that jieba's
  dict.txt does not have. The worst case for an overlay: every word occurs in the corpus, and
  most are not words but pieces that cross word boundaries, so nearly every position of the
  text meets one;
- --wordlist FILE...: the words of 2 or more Han characters of word lists, whether jieba has
  them or not (a user dictionary of real vocabulary re-weights many common words). Plain lists
  (one word per line, anything after a space or tab ignored) and Rime dictionaries (Debian's
  rime-data-* packages: /usr/share/rime-data/*.dict.yaml, the words after the '...' line) are
  read. N = 0 takes them all.

  bench/make_userdict.py CORPUS N [--seed S] [--no-freq] > user.txt
  bench/make_userdict.py --wordlist /usr/share/rime-data/wubi86.dict.yaml \\
      /usr/share/rime-data/pinyin_simp.dict.yaml 0 > words.txt
"""
import argparse
import random
import re
import sys

HAN = re.compile('[\u4E00-\u9FD5]+')
WORD = re.compile('^[\u4E00-\u9FD5]{2,}$')


def dict_words(path):
    with open(path, 'rb') as f:
        return {line.split(b' ', 1)[0].decode('utf-8') for line in f if line.strip()}


def corpus_words(path, rng, known):
    words, seen = [], set()
    with open(path, encoding='utf-8', errors='replace') as f:
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
    return words


def list_words(paths):
    words, seen = [], set()
    for path in paths:
        with open(path, encoding='utf-8') as f:
            lines = f.read().splitlines()
        if path.endswith('.dict.yaml'):
            lines = lines[lines.index('...') + 1:] if '...' in lines else []
        for line in lines:
            w = re.split('[ \t]', line, 1)[0]
            if WORD.match(w) and w not in seen:
                seen.add(w)
                words.append(w)
    return words


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('source', nargs='+', help='CORPUS N, or with --wordlist: FILE... N')
    ap.add_argument('--wordlist', action='store_true')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--no-freq', action='store_true')
    ap.add_argument('--dict', default='/usr/lib/python3/dist-packages/jieba/dict.txt')
    args = ap.parse_args()
    *paths, n = args.source
    n = int(n)
    if not paths or (not args.wordlist and len(paths) != 1):
        ap.error('give CORPUS N, or --wordlist FILE... N')
    rng = random.Random(args.seed)
    if args.wordlist:
        words = list_words(paths)
    else:
        words = corpus_words(paths[0], rng, dict_words(args.dict))
    if len(words) < n:
        sys.exit('make_userdict: only %d candidate words' % len(words))
    rng.shuffle(words)
    out = sys.stdout
    for w in words[:n or len(words)]:
        out.write(w + '\n' if args.no_freq else '%s %d nz\n' % (w, rng.randint(1, 1000)))


if __name__ == '__main__':
    main()
