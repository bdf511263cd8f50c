#!/usr/bin/python3
"""Deterministic generator of adversarial input for kwx's differential tests against jieba.

Usage: adversarial.py --out-dir DIR [--seed N] [--random-lines N] [--self-check]

Writes, in DIR:
  adversarial.txt       binary text, one case per line (invalid UTF-8, NUL, \\r\\n line ends, a final
                        line without a newline, ...), covering every item of the jieba parity notes
  adversarial_stop.txt  a stop-word file exercising jieba's raw-line semantics (BOM, upper case,
                        \\r\\n, \\x1c.. separators, entries with spaces)
  adversarial_idf.txt   a small valid IDF file (duplicate words, "1e-3", trailing blanks, -0, ...)

The same seed gives byte-identical files. Needs /usr/bin/python3 with jieba (the HMM emission
tables and the dictionary are read to find interesting characters and words).
--self-check runs every line through jieba (all modes, posseg with and without HMM, extract_tags
with and without allowPOS, textrank, and extract_tags with the files above) and checks that nothing
raises and that the accurate and posseg tokens concatenate back to the line (a few minutes).
"""
import argparse
import logging
import os
import random
import sys
import tempfile

# ------------------------------------------------------------------------------------- pools
WHITESPACE = (['\t', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x1f', '\x85', '\xa0', '\u1680']
              + [chr(c) for c in range(0x2000, 0x200b)]
              + ['\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\r', ' '])
# Look like blanks but are not str.isspace(): single tokens, never split as whitespace.
NEAR_WHITESPACE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e', '\u00ad', '\u3164',
                   '\u2800', '\u115f', '\u034f']
OUTSIDE_HAN = (['\u3400', '\u3401', '\u3465', '\u4db5', '\u4dbf', '\u4dc0', '\u4dff',  # Ext-A, hexagrams
                '\u9fd6', '\u9fd7', '\u9fea', '\u9fef', '\u9ff0', '\u9fff',              # after U+9FD5
                '\uf900', '\uf92c', '\ufa0e', '\ufa11', '\ufad9',                      # compatibility
                '\u3007', '\u2e80', '\u2f00', '\u31c0', '\u3005', '\u303b']             # 〇 radicals 々
               + [chr(c) for c in (0x20000, 0x20001, 0x2000b, 0x2a6d6, 0x2a700, 0x2b740,
                                   0x2b820, 0x2ceb0, 0x2f800, 0x30000)])               # Ext-B.. (4 bytes)
HAN_EDGES = ['\u4e00', '\u4e01', '\u9fd4', '\u9fd5']
EMOJI = ['😀', '😂', '👍', '👍🏽', '👨\u200d👩\u200d👧', '🇨🇳', '🇺🇸', '❤\ufe0f', '1\ufe0f\u20e3', '#\ufe0f\u20e3',
         '©', '™', '☃', '🀄', '𝄞', '\U0001f9d1\u200d\U0001f4bb']
ASCII_TOKENS = ['C++', 'c++', 'c#', 'C#', 'e-mail', 'E-Mail', '3.14%', '3.14', '100%', '50.5%%', 'UTF-8',
                'utf-8', '1.2.3', 'a.b', 'a.b.c', '...', '---', '+++', '&&&', '%%%', '#', '_', '.', '-',
                '+', '%', '&', 'x86_64', 'AT&T', 'at&t', '1.5.%', '3.14.15', '.5', '5.', 'a-b-c-', '-1',
                '+1', '1e5', '0x1F', 'C++11', 'TCP/IP', 'user@example.com',
                'http://www.example.com/a_b?q=1&r=2#frag', 'ab_cd', 'v2.0-rc1', 'iPhone', 'IPHONE',
                'Python3', 'python', 'PYTHON', 'Linux', 'LINUX', 'linux', 'Java', 'JAVA', 'a', 'B', 'Z9',
                '123', '007', '3.', '1.', '.1.', 'A.', '%5', '5%5', '1%.5', 'a1b2c3', '2023', '10.0.0.1',
                'foo--bar', 'foo..bar', '+#&._%-', '-%_.&#+', 'C#.NET', 'ASP.NET', 'node.js', 'Node.JS']
ENGLISH = ['The', 'THE', 'the', 'This', 'THIS', 'this', 'Of', 'OF', 'of', 'Is', 'IS', 'And', 'AND', 'To',
           'In', 'That', 'THAT', 'We', 'For', 'An', 'Are', 'By', 'Be', 'As', 'On', 'With', 'Can', 'If',
           'From', 'Which', 'You', 'It', 'Then', 'At', 'Have', 'All', 'Not', 'One', 'Has', 'Or', 'quick',
           'Brown', 'FOX', 'jumps', 'Over', 'lazy', 'DOG', 'Hello', 'WORLD', 'Keyword', 'extraction']
DICT_ASCII_WORDS = ['AT&T', 'B超', 'c#', 'C#', 'c++', 'C++', 'T恤', 'T恤衫', 'AA制', 'AB型', 'BB机', 'C语言',
                    'CALL机', 'IC卡', 'IP地址', 'IP电话', 'K歌之王', 'PC机', 'PH值', 'SIM卡', 'U盘', 'VISA卡',
                    'QQ号', 'RSS订阅', 'X光', 'X光线', 'X射线', 'T型台', '4S店', '4s店', '江南style',
                    '江南Style', '1号店', '小S', '大S', '阿Q', 'γ射线']
PUNCT = list('，。！？；：“”‘’（）【】《》、…—·「」『』〈〉～－＿＋＝＃＆％') + list(',.!?;:"\'()[]{}<>/\\|@$^*=~`')
OTHER_SCRIPTS = ['これはテストです', 'カタカナ', 'ひらがな', '한국어 텍스트', 'Привет мир', 'αβγ ΔΕΖ', 'مرحبا',
                 'สวัสดี', 'e\u0301', 'n\u0303o', 'ＡＢＣａｂｃ１２３', '１２３', '３号', '℃', '¥100', '€5', '½',
                 'Ⅻ', '①②③', 'x²', '∑∫∂', 'ﬁ', 'Å', 'İstanbul', 'ß', 'ǅ', '\ufffd', '\U0010fffd', '\ue000']
CONTROL = ['\x00', '\x01', '\x02', '\x07', '\x08', '\x0e', '\x10', '\x1a', '\x1b', '\x7f', '\x80', '\x81',
           '\x84', '\x86', '\x9f', '\x1b[31m', '\x1b[0m']
INVALID_UTF8 = [b'\xe4\xb8', b'\xe4', b'\xf0\x9f\x98', b'\xf0\x9f', b'\xf0', b'\xc2', b'\xdf',
                b'\xed\xa0\x80', b'\xed\xbf\xbf', b'\xed\xa0\xbd\xed\xb8\x80', b'\xed\xb0\x80',
                b'\xc0\x80', b'\xc1\xbf', b'\xc0\xaf', b'\xe0\x80\x80', b'\xe0\x9f\xbf', b'\xe0\x80\xaf',
                b'\xf0\x80\x80\x80', b'\xf0\x8f\xbf\xbf', b'\x80', b'\xbf', b'\x80\x80\x80', b'\xbf\xbf',
                b'\xff', b'\xfe', b'\xfe\xff', b'\xff\xfe', b'\xf5\x80\x80\x80', b'\xf4\x90\x80\x80',
                b'\xf8\x88\x80\x80\x80', b'\xfc\x84\x80\x80\x80\x80', b'\xc2\x41', b'\xe4\xb8\x41',
                b'\xe4\x41\xb8', b'\xf0\x9f\x98\x41', b'\xe4\xb8\xe4\xb8\xad', b'\xc3\x28', b'\xa0\xa1',
                b'\xe2\x82', b'\xe2\x28\xa1', b'\xf0\x28\x8c\xbc', b'\xf0\x90\x28\xbc', b'\xf8', b'\xfb']
VALID_ODD_UTF8 = [b'\xef\xbf\xbd', b'\xef\xbb\xbf', b'\xf4\x8f\xbf\xbf', b'\xee\x80\x80', b'\xc2\x80',
                  b'\xc2\x85', b'\xc2\xa0', b'\xe2\x80\xa8', b'\xf0\x90\x80\x80']
SAMPLE_TEXT = ['我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。',
               '他来到了网易杭研大厦', '小明硕士毕业于中国科学院计算所，后在日本京都大学深造',
               '我来到北京清华大学', '结婚的和尚未结婚的', '工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作',
               '永和服装饰品有限公司', '南京市长江大桥', '中华人民共和国中央人民政府', '你好， 世界 abc',
               '李小福是创新办主任也是云计算方面的专家', '吴国忠臣伍子胥', '研究生命起源', '乒乓球拍卖完了']


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        import jieba
        import jieba.finalseg as fs
        jieba.setLogLevel(logging.CRITICAL + 10)
        jieba.initialize()
        freq = jieba.dt.FREQ
        emit = fs.emit_P
        known_any = set().union(*[set(d) for d in emit.values()])
        han = [chr(c) for c in range(0x4E00, 0x9FD6)]
        # Han chars absent from all four HMM emission tables (and so every Viterbi path ~ -1e101).
        self.no_emit = [c for c in han if c not in known_any]
        # Han chars present in some state tables only (forced / odd paths).
        self.some_emit = [c for c in han if c in known_any and not all(c in d for d in emit.values())]
        words = [w for w, f in freq.items() if f]          # dict.txt order: deterministic
        hanwords = [w for w in words if all('\u4e00' <= ch <= '\u9fd5' for ch in w)]
        self.common_chars = [w for w in hanwords if len(w) == 1 and freq[w] >= 5000]
        self.words = self.rng.sample(hanwords, 4000)
        self.long_words = sorted(w for w in hanwords if len(w) >= 5)
        self.prefix_only = sorted(w for w, f in freq.items() if not f and len(w) >= 2
                                  and all('\u4e00' <= ch <= '\u9fd5' for ch in w))
        self.unknown_ascii = ['kw%03dx' % i for i in range(160)]

    # -- helpers
    def pick(self, pool, n=None):
        if n is None:
            return self.rng.choice(pool)
        return [self.rng.choice(pool) for _ in range(n)]

    def hanrun(self, n, pool=None):
        return ''.join(self.pick(pool or self.common_chars, n))

    def wordrun(self, nchars):
        out, k = [], 0
        while k < nchars:
            w = self.pick(self.words)
            out.append(w)
            k += len(w)
        return ''.join(out)

    # -- sections; each returns a list of lines (str or bytes, without line terminator)
    def sec_whitespace(self):
        L = []
        for ws in WHITESPACE:
            L.append(f'中国{ws}人民{ws}{ws}abc{ws}C++{ws}测试')
            L.append(f'{ws}开头和结尾{ws}')
            L.append(ws * 3)
            L.append(f'The{ws}THIS{ws}this{ws}关键词{ws}关键词')
            L.append(f'你好，{ws}世界{ws}abc{ws}{ws}def')
        L.append(''.join(WHITESPACE))
        L.append('混合' + ''.join(WHITESPACE) + '空白' + ''.join(reversed(WHITESPACE)) + '字符')
        for nw in NEAR_WHITESPACE:
            L.append(f'零宽{nw}字符{nw}{nw}abc{nw}def {nw} 中文')
        L.append('第一行\r第二行\r\r第三行')
        L.append('abc\rdef\r123\r')
        L.append('\r')
        L.append('\r\r\r')
        L.append('\r\t \x0b\x0c\r')
        L.append(' ')
        L.append('  中国  ')
        L.append('\u3000\u3000全角空格缩进的段落。')
        return L

    def sec_outside_han(self):
        L = []
        for c in OUTSIDE_HAN + HAN_EDGES:
            L.append(f'我们{c}的{c}{c}中国{c}abc{c}1{c}')
            L.append(c)
        L.append(''.join(OUTSIDE_HAN))
        L.append('汉字' + ''.join(HAN_EDGES) + '边界' + ''.join(OUTSIDE_HAN) + '测试')
        L.append(''.join(self.pick(OUTSIDE_HAN + HAN_EDGES + self.common_chars, 300)))
        return L

    def sec_emoji(self):
        L = []
        for e in EMOJI:
            L.append(f'我爱{e}北京{e}{e}天安门 abc{e}def 3{e}4 {e}')
        L.append(''.join(EMOJI))
        return L

    def sec_ascii(self):
        L = []
        for t in ASCII_TOKENS:
            L.append(t)
            L.append(f'我用{t}写代码')
            L.append(f'{t}{t} {t}中文{t}。')
        L.append('我用C++写代码，他用c#，还有e-mail地址和3.14%的增长，编码UTF-8，版本1.2.3，a.b')
        L.append(' '.join(ASCII_TOKENS))
        L.append(''.join(ASCII_TOKENS))
        L.append('中'.join(ASCII_TOKENS))
        for w in DICT_ASCII_WORDS:
            L.append(f'{w}')
            L.append(f'这是{w}的例子，{w}{w}和{w.lower()}、{w.upper()}')
        L.append(''.join(DICT_ASCII_WORDS))
        L.append('穿T恤衫做B超检查，AA制吃饭打CALL机去4S店唱K歌之王，江南styleX光线阿Q正传小S和大S')
        L.append('a' * 3000)
        L.append('1' * 2000 + '%')
        L.append('3.14' * 500)
        L.append('a1' * 1500)
        L.append('C++' * 700)
        L.append('-' * 1000 + '中' + '.' * 1000)
        return L

    def sec_case(self):
        L = []
        L.append('The quick brown fox jumps over THE lazy dog. THIS is This and this.')
        L.append(' '.join(ENGLISH))
        L.append(''.join(ENGLISH))
        L.append('中'.join(ENGLISH))
        L.append('The中国THE人民this发展THIS')
        L.append('iPhone手机IPHONE和iphone，Python和PYTHON以及python，Linux LINUX linux')
        L.append('Keyword keyword KEYWORD Keyword 关键词 关键词 关键词')
        for _ in range(10):
            L.append(' '.join(self.pick(ENGLISH + ASCII_TOKENS, 60)))
        return L

    def sec_digits(self):
        return ['2023年10月1日', '第3章第12节', '共100个人', '1号线和2号线', '３号线', '一九四九年十月一日',
                '10多个', '0.5公斤', '3点钟', '增长了3.5%，达到100%', '第1名第2名第3名', '价格是99.99元',
                '电话13800138000', '2021年GDP增长8.1%', '５０％', '1a2b3c中4d5e6f', '版本v1.0和V2.0',
                '中' + '1' * 500 + '国', '北京2008年奥运会', '7天7夜', '3D打印', '4G网络和5G网络']

    def sec_hmm(self):
        L = []
        ne, se = self.no_emit, self.some_emit
        for n in range(1, 10):
            L.append(''.join(self.pick(ne, n)))
            L.append('他说' + ''.join(self.pick(ne, n)) + '很好')
            L.append(''.join(self.pick(se, n)))
        for _ in range(30):
            parts = []
            for _ in range(self.rng.randint(2, 12)):
                pool = self.rng.choice([ne, se, self.common_chars])
                parts.append(''.join(self.pick(pool, self.rng.randint(1, 4))))
            L.append(''.join(parts))
        L.append(''.join(self.pick(ne, 2)))
        L.append('我' + ''.join(self.pick(ne, 2)) + '我')
        for w in self.prefix_only[:40:2]:
            L.append(w + '，' + w + w)           # 0-freq prefixes as a HMM buffer
        return L

    def sec_long(self):
        return [self.hanrun(3000),
                self.wordrun(4000),
                '啊' * 2000,
                '中国' * 1500,
                '的' * 1001,
                ''.join(self.pick(self.no_emit, 3000)),
                ''.join(self.pick(self.some_emit, 2000)),
                ''.join(self.pick(OUTSIDE_HAN, 1000)),
                ''.join(a + b for a, b in zip(self.pick(self.no_emit, 1500), self.pick(self.common_chars, 1500))),
                ''.join(self.pick(self.long_words, 300)),
                self.wordrun(1500) + 'abc' + self.wordrun(1500)]

    def sec_ties(self):
        L = []
        L.append('苹果香蕉苹果香蕉橘子橘子')
        L.append(' '.join(self.unknown_ascii))                    # 160 keywords, all at median idf
        L.append(' '.join(self.unknown_ascii[::-1]) + ' ' + ' '.join(self.unknown_ascii[:50]))
        w = self.words[:150]
        L.append('，'.join(w + w))
        L.append('，'.join(w[::-1] + w[:75]))
        L.append(' '.join(self.pick(self.unknown_ascii[:30], 400)))
        L.append('Apple apple APPLE Apple apple 苹果 苹果')
        for _ in range(10):
            ws = self.pick(self.words, 40)
            L.append('，'.join(self.pick(ws, 300)))
        return L

    def sec_empty(self):
        return ['', '', '', ' ', '\t', '\u3000', '\x1c', '\x85', '\u2028', '', '\x0b\x0c', '']

    def sec_control(self):
        L = []
        for c in CONTROL:
            L.append(f'中{c}国{c}abc{c}def{c}')
            L.append(c)
        L.append(''.join(chr(i) for i in range(0, 32) if i != 10))
        L.append(''.join(chr(i) for i in range(0x7f, 0xa0)))
        L.append('\x1b[31m红色\x1b[0m和\x1b[1;32m绿色\x1b[m')
        L.append('\x00' * 100)
        L.append('\x00中国\x00')
        return L

    def sec_invalid(self):
        L = []
        for b in INVALID_UTF8 + VALID_ODD_UTF8:
            L.append(b)
            L.append('中'.encode() + b + '国'.encode())
            L.append(b'abc' + b + b'def')
            L.append(b + '开头'.encode())
            L.append('结尾'.encode() + b)
            L.append(b'C++' + b + b'3.14%' + b + b'e-mail')
            L.append(b + b + b)
        L.append(b''.join(INVALID_UTF8))
        L.append(bytes(range(0x80, 0x100)))
        L.append(bytes(range(0x00, 0x100)).replace(b'\n', b''))
        return L

    def sec_other(self):
        L = list(OTHER_SCRIPTS)
        L.append(''.join(OTHER_SCRIPTS))
        L.append(''.join(PUNCT))
        L.append('中文标点：“引号”（括号）【方括号】《书名号》、顿号……省略号——破折号·间隔号')
        L.extend(SAMPLE_TEXT)
        L.append(''.join(SAMPLE_TEXT))
        for w in self.long_words[::max(1, len(self.long_words) // 60)]:
            L.append(w)
            L.append(f'关于{w}的研究{w}')
        return L

    def sec_pos(self):
        """Lines for jieba.posseg and the keyword extractors built on it (fixed, no randomness)."""
        return [
            # One word, two flags (HMM-found words take their flag from the context): with
            # withFlag they are two keywords; TextRank drops the one without a neighbour within
            # its window of 5 tokens.
            '吾不徒行以为之椁，不可徒行也。吾不徒行以为之椁',
            '吾不徒行以为之椁不可徒行也',            # TextRank: two (word, flag) nodes, equal weights
            '曰：“乡也吾见于夫子而问知”问知。问知',
            # posseg's own regexes: no '%' or '-' in its blocks; a lone letter or digit in a
            # block is looked up in the dictionary (-> 'x'), runs are 'eng' / 'm'; '.' runs 'm'
            'a 中国 b 1 . ... a.b 1a a1 x86_64 3.14 .5 5. e-mail 3.14% 100%-200% ab.cd_ef&g+h#i',
            '中国 人民 中国 人民 北京，北京。中国、人民',  # TextRank's window counts blanks, punctuation
            'Python Linux Python linux THE the This 1000 1024 1000 2048 KB MB KB',   # eng, m, stop words
            '的的的的的',
            '中国中国中国中国',                       # TextRank: an edge from a word to itself
        ]

    def fragment(self):
        r = self.rng.random()
        if r < 0.30:
            return self.pick(self.words)
        if r < 0.40:
            return self.hanrun(self.rng.randint(1, 6))
        if r < 0.45:
            return ''.join(self.pick(self.no_emit, self.rng.randint(1, 4)))
        if r < 0.48:
            return ''.join(self.pick(self.some_emit, self.rng.randint(1, 3)))
        if r < 0.56:
            return self.pick(ASCII_TOKENS + ENGLISH + DICT_ASCII_WORDS)
        if r < 0.64:
            return self.pick(WHITESPACE + NEAR_WHITESPACE)
        if r < 0.74:
            return self.pick(PUNCT)
        if r < 0.78:
            return self.pick(EMOJI + OUTSIDE_HAN)
        if r < 0.82:
            return self.pick(OTHER_SCRIPTS)
        if r < 0.85:
            return self.pick(CONTROL)
        if r < 0.88:
            return self.pick(INVALID_UTF8)
        if r < 0.91:
            return self.pick(self.long_words)
        if r < 0.94:
            return str(self.rng.randint(0, 10 ** self.rng.randint(1, 8)))
        if r < 0.97:
            return self.pick(self.unknown_ascii[:20])
        return self.pick(SAMPLE_TEXT)

    def sec_random(self, n):
        L = []
        for i in range(n):
            k = self.rng.choice([1, 2, 3, 5, 8, 13, 21, 40, 80, 150])
            parts = [self.fragment() for _ in range(self.rng.randint(1, k))]
            L.append(b''.join(p if isinstance(p, bytes) else p.encode('utf-8') for p in parts))
        return L

    def text(self, nrandom):
        sections = [self.sec_whitespace(), self.sec_outside_han(), self.sec_emoji(), self.sec_ascii(),
                    self.sec_case(), self.sec_digits(), self.sec_hmm(), self.sec_long(), self.sec_ties(),
                    self.sec_empty(), self.sec_control(), self.sec_invalid(), self.sec_other(),
                    self.sec_random(nrandom)]
        lines = [l if isinstance(l, bytes) else l.encode('utf-8') for sec in sections for l in sec]
        out = bytearray()
        for i, line in enumerate(lines):
            assert b'\n' not in line
            out += line
            if i == len(lines) - 1:
                break                              # the final line has no newline
            r = self.rng.random()
            if line.endswith(b'\r'):
                out += b'\r\n' if r < 0.5 else b'\n'    # b'..\r\r\n' keeps one \r in the line
            elif r < 0.15:
                out += b'\r\n'
            elif r < 0.18:
                out += b'\r\r\n'                   # one \r stays at the end of the line
            else:
                out += b'\n'
        # the posseg lines (after the random ones: they take no random line end, so the rest of
        # the file and the stop-word and IDF files stay what they were before they were added)
        out += b'\n' + b'\n'.join(l.encode('utf-8') for l in self.sec_pos())
        # a few lines whose \r\n and bare \r shapes are fixed, then the unterminated final line,
        # whose last '\r' (no '\n' follows) stays in the line
        out += (b'\n\r\n\r\r\n' + '行内\r回车'.encode() + b'\r\n' +
                'last line without newline 最后一行\r'.encode())
        return bytes(out)

    def stop_words(self):
        """Bytes of an adversarial stop-word file (valid UTF-8: jieba decodes it strictly)."""
        picks = self.rng.sample(self.words[:300], 40)
        s = ('\ufeff我们\r\n'                          # BOM spoils this entry: 我们 stays a keyword
             'PYTHON\r\n'                             # upper case never matches (w.lower() is looked up)
             'java\n'                                 # matches Java and JAVA
             'iphone\n'
             'c++\n'
             'kw001x\nKW002X\n'
             '中国\r\n'
             '人民\x1c发展\x1d经济\x1e社会\x85文化\u2028历史\u2029技术\x0b工作\x0c问题\r时间\n'
             '甲乙\x1f丙丁\n'                          # \x1f does not split lines
             '系统 \n'                                # trailing blank: raw entry, never matches
             ' 用户\n'
             '\t文件\n'
             '\n\n'
             '   \n'
             '一个\r\n一个\r\n'
             '3.14%\ne-mail\nUTF\n'
             + '\n'.join(picks) + '\r\n'
             '没有\x85可以\u2028这个')                  # last entry without a newline
        return s.encode('utf-8')

    def idf(self):
        """Bytes of an adversarial but valid IDF file: every line is 'word value' after strip()."""
        odd_values = ['1e-3', '5.5   ', '7', '+3.25', '-0.5', '.5', '5.', '1E2', '0', '0.0', '-0', '1e-320',
                      '123456789012345678901234567890', '0.1', '3.0000000000000004', '007.5', '2.5e+1',
                      '11.9547675029', '13.900677652', '1e300']
        words = self.words[:400] + self.unknown_ascii[:40] + ['C++', 'c++', 'UTF', 'mail', 'The', 'THIS']
        lines = ['\ufeff苹果 9.5']                      # the BOM becomes part of the first word
        seps = ['\n'] * 12 + ['\r\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029']
        for i, w in enumerate(words):
            if i % 7 == 0:
                v = self.rng.choice(odd_values)
            else:
                v = repr(round(self.rng.uniform(0.5, 14.0), self.rng.randint(0, 12)))
            pre = self.rng.choice(['', '', '', ' ', '  ', '\t', '\u3000'])
            post = self.rng.choice(['', '', '', ' ', '   ', '\t', '\u3000', '\xa0'])
            lines.append(f'{pre}{w} {v}{post}')
        for w in self.words[:60:3]:                   # duplicates: the last value wins
            lines.append(f'{w} {self.rng.choice(odd_values).strip()}')
        lines.append('香蕉 1e-3')
        lines.append('香蕉 4.25')
        lines.append('a\xa0b 6')                       # \xa0 is not ' ': one word
        out = ''
        for i, l in enumerate(lines):
            out += l + (self.rng.choice(seps) if i < len(lines) - 1 else '\n')
        return out.encode('utf-8')


def write_atomic(path, data):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(path) + '.', dir=d)
    with os.fdopen(fd, 'wb') as f:
        f.write(data)
    os.replace(tmp, path)


def self_check(text_path, stop_path, idf_path):
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import jieba
    import jieba.analyse
    import jieba.posseg
    from oracle import split_lines
    with open(text_path, 'rb') as f:
        lines = split_lines(f.read())
    bad = 0
    wide = ('n', 'nr', 'ns', 'v', 'vn', 'eng', 'x', 'm')
    for i, line in enumerate(lines, 1):
        toks = jieba.lcut(line)
        if ''.join(toks) != line:
            print(f'line {i}: accurate tokens do not concatenate back', file=sys.stderr)
            bad += 1
        jieba.lcut(line, HMM=False)
        jieba.lcut(line, cut_all=True)
        jieba.lcut_for_search(line)
        jieba.analyse.extract_tags(line, topK=100, withWeight=True)
        # posseg (slow: about a minute for all the lines, per call below)
        for hmm in (True, False):
            if ''.join(p.word for p in jieba.posseg.lcut(line, HMM=hmm)) != line:
                print(f'line {i}: posseg tokens (HMM={hmm}) do not concatenate back', file=sys.stderr)
                bad += 1
        jieba.analyse.extract_tags(line, topK=100, withWeight=True, allowPOS=('ns', 'n', 'vn', 'v'),
                                   withFlag=True)
        jieba.analyse.textrank(line, topK=100, withWeight=True, allowPOS=wide, withFlag=True)
    t = jieba.analyse.TFIDF(idf_path)
    t.set_stop_words(stop_path)
    for line in lines:
        t.extract_tags(line, topK=0, withWeight=True)
    print(f'self-check: {len(lines)} lines, {bad} problems; stop words {len(t.stop_words)}, '
          f'idf entries {len(t.idf_freq)}, median {t.median_idf!r}', file=sys.stderr)
    return bad == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out-dir', required=True)
    ap.add_argument('--seed', type=int, default=20240601)
    ap.add_argument('--random-lines', type=int, default=1500)
    ap.add_argument('--self-check', action='store_true')
    a = ap.parse_args()
    try:
        import jieba  # noqa: F401
    except ImportError as e:
        print(f'adversarial.py: {sys.executable} cannot import jieba ({e}); run scripts/setup.sh '
              '(apt-get install python3-jieba)', file=sys.stderr)
        return 2
    g = Gen(a.seed)
    paths = {n: os.path.join(a.out_dir, n) for n in
             ('adversarial.txt', 'adversarial_stop.txt', 'adversarial_idf.txt')}
    write_atomic(paths['adversarial.txt'], g.text(a.random_lines))
    write_atomic(paths['adversarial_stop.txt'], g.stop_words())
    write_atomic(paths['adversarial_idf.txt'], g.idf())
    for p in paths.values():
        print(f'wrote {p} ({os.path.getsize(p)} bytes)', file=sys.stderr)
    if a.self_check and not self_check(paths['adversarial.txt'], paths['adversarial_stop.txt'],
                                       paths['adversarial_idf.txt']):
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
