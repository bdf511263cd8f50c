#!/usr/bin/python3
"""End-to-end tests of the kwx CLI contract: arguments, formats, line handling, UTF-8 repair,
errors, exit codes and atomic output.

usage: /usr/bin/python3 cli_test.py --kwx PATH_TO_KWX [unittest args]
Expected values that depend on jieba were checked against python3-jieba 0.42.1; where the test can
ask jieba itself (it is installed with kwx's setup), it does.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

KWX = None
SENTENCE = "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。"


def run(*args, stdin=b"", check_code=0):
    p = subprocess.run([KWX, *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check_code is not None and p.returncode != check_code:
        raise AssertionError(f"kwx {' '.join(args)} exited {p.returncode}, wanted {check_code}\n"
                             f"stderr: {p.stderr.decode(errors='replace')}")
    return p


class Formats(unittest.TestCase):
    def test_extract_text_default_topk_20(self):
        out = run("extract", stdin=SENTENCE.encode()).stdout.decode()
        self.assertTrue(out.endswith("\n"))
        self.assertEqual(out.split()[:2], ["CEO", "升职"])
        self.assertLessEqual(len(out.split()), 20)

    def test_extract_with_weight_text(self):
        out = run("extract", "-k", "2", "--with-weight", stdin=SENTENCE.encode()).stdout.decode()
        self.assertEqual(out, "CEO:0.9195975002230768 升职:0.8350888626384615\n")

    def test_extract_jsonl(self):
        out = run("extract", "--topk", "2", "--format", "jsonl", stdin=SENTENCE.encode()).stdout
        self.assertEqual(out.decode(), '["CEO","升职"]\n')
        out = run("extract", "--topk", "1", "--with-weight", "--format", "jsonl",
                  stdin=SENTENCE.encode()).stdout
        self.assertEqual(out.decode(), '[["CEO",0.9195975002230768]]\n')

    def test_extract_tsv(self):
        out = run("extract", "-k", "2", "--format", "tsv",
                  stdin=(SENTENCE + "\n\n" + SENTENCE + "\n").encode()).stdout.decode()
        self.assertEqual(out, "1\t1\tCEO\t0.9195975002230768\n1\t2\t升职\t0.8350888626384615\n"
                              "3\t1\tCEO\t0.9195975002230768\n3\t2\t升职\t0.8350888626384615\n")

    def test_cut_text_default_delimiter(self):
        out = run("cut", stdin="我来到北京清华大学".encode()).stdout.decode()
        self.assertEqual(out, "我 / 来到 / 北京 / 清华大学\n")

    def test_cut_modes(self):
        s = "我来到北京清华大学".encode()
        self.assertEqual(json.loads(run("cut", "--mode", "full", "--format", "jsonl", stdin=s).stdout),
                         ["我", "来到", "北京", "清华", "清华大学", "华大", "大学"])
        self.assertEqual(json.loads(run("cut", "--mode", "search", "--format", "jsonl", stdin=s).stdout),
                         ["我", "来到", "北京", "清华", "华大", "大学", "清华大学"])
        self.assertEqual(run("cut", "-d", "|", stdin="他来到了网易杭研大厦".encode()).stdout.decode(),
                         "他|来到|了|网易|杭研|大厦\n")
        self.assertEqual(run("cut", "--no-hmm", "-d", "|", stdin="他来到了网易杭研大厦".encode()).stdout.decode(),
                         "他|来到|了|网易|杭|研|大厦\n")

    def test_cut_pos_as_python_m_jieba_p(self):
        text = ("他来到了网易杭研大厦\n"
                "小明硕士毕业于中国科学院计算所，后在日本京都大学深造 e-mail 3.14% C++\n\n")
        out = run("cut", "--pos", stdin=text.encode()).stdout.decode()
        self.assertEqual(out.split("\n")[0], "他_r / 来到_v / 了_ul / 网易_n / 杭_j / 研_vn / 大厦_n")
        # jieba's own CLI, when it can be asked (python3-jieba is installed with kwx's setup)
        if os.path.exists("/usr/lib/python3/dist-packages/jieba/__init__.py"):
            for extra in ([], ["-n"]):
                ref = subprocess.run(["/usr/bin/python3", "-m", "jieba", "-p", "-q", *extra],
                                     input=text.encode(), stdout=subprocess.PIPE, check=True).stdout
                ours = run("cut", "--pos", *(["--no-hmm"] if extra else []), stdin=text.encode()).stdout
                self.assertEqual(ours, ref, extra)

    def test_cut_pos_formats_and_delimiters(self):
        s = "他来到了网易杭研大厦".encode()
        self.assertEqual(json.loads(run("cut", "--pos", "--format", "jsonl", stdin=s).stdout),
                         [["他", "r"], ["来到", "v"], ["了", "ul"], ["网易", "n"], ["杭", "j"],
                          ["研", "vn"], ["大厦", "n"]])
        self.assertEqual(run("cut", "-p", "--no-hmm", "--pos-delimiter", "/", "-d", " ", stdin=s).stdout.decode(),
                         "他/r 来到/v 了/ul 网易/n 杭/nr 研/vn 大厦/n\n")

    def test_extract_allow_pos_and_with_flag(self):
        s = "吾不徒行以为之椁，不可徒行也。吾不徒行以为之椁\n".encode()
        self.assertEqual(run("extract", "--allow-pos", "n,v", "--with-weight", stdin=s).stdout.decode(),
                         "徒行:8.966075627175 不可:1.369833696555\n")
        self.assertEqual(run("extract", "--allow-pos", "n,v", "--with-flag", stdin=s).stdout.decode(),
                         "徒行/v 徒行/n 不可/v\n")
        self.assertEqual(json.loads(run("extract", "--allow-pos", "n,v", "--with-flag", "--with-weight",
                                        "--format", "jsonl", stdin=s).stdout),
                         [[["徒行", "v"], 5.97738375145], [["徒行", "n"], 2.988691875725],
                          [["不可", "v"], 1.369833696555]])
        self.assertEqual(run("extract", "--allow-pos", "n,v", "--with-flag", "--format", "tsv", stdin=s).stdout.decode(),
                         "1\t1\t徒行\tv\t5.97738375145\n1\t2\t徒行\tn\t2.988691875725\n1\t3\t不可\tv\t1.369833696555\n")
        # --with-flag alone changes nothing, as withFlag without allowPOS in jieba.
        self.assertEqual(run("extract", "--with-flag", stdin=s).stdout, run("extract", stdin=s).stdout)

    def test_extract_textrank(self):
        s = (SENTENCE + "\n吾不徒行以为之椁不可徒行也\n").encode()
        out = run("extract", "--method", "textrank", "--with-weight", "--format", "jsonl", stdin=s).stdout
        lines = [json.loads(l) for l in out.decode().splitlines()]
        self.assertEqual(lines[0][:2], [["手扶拖拉机", 1.0], ["专业", 0.9945084063746609]])
        self.assertEqual(lines[1], [["徒行", 1.0], ["不可", 0.9961264494011037]])
        flagged = run("extract", "--method", "textrank", "--allow-pos", "n,v", "--with-flag", stdin=s).stdout
        self.assertEqual(flagged.decode().splitlines()[1], "不可/v 徒行/v 徒行/n")
        # An empty --allow-pos lets no word through (allowPOS=()), one empty line per line.
        self.assertEqual(run("extract", "--method", "textrank", "--allow-pos", "", stdin=s).stdout, b"\n\n")
        # jieba itself, when it can be asked
        if os.path.exists("/usr/lib/python3/dist-packages/jieba/__init__.py"):
            code = ("import sys, json, jieba, jieba.analyse as a; jieba.setLogLevel(60)\n"
                    "for l in sys.stdin.read().splitlines():\n"
                    "    print(json.dumps(a.textrank(l, topK=5, withWeight=True), ensure_ascii=False, separators=(',', ':')))")
            ref = subprocess.run(["/usr/bin/python3", "-c", code], input=s, stdout=subprocess.PIPE,
                                 check=True).stdout
            self.assertEqual(run("extract", "--method", "textrank", "-k", "5", "--with-weight",
                                 "--format", "jsonl", stdin=s).stdout, ref)

    def test_cut_pos_has_no_other_mode(self):
        p = run("cut", "--pos", "--mode", "search", stdin=b"x\n", check_code=1)
        self.assertIn("--pos tags the accurate cut only", p.stderr.decode())
        self.assertEqual(p.stdout, b"")


class Lines(unittest.TestCase):
    def lines_out(self, data):
        return run("cut", "--format", "jsonl", stdin=data).stdout.decode().split("\n")[:-1]

    def test_one_output_line_per_input_line(self):
        self.assertEqual(self.lines_out(b""), [])
        self.assertEqual(self.lines_out(b"\n"), ["[]"])
        self.assertEqual(self.lines_out(b"\n\n\n"), ["[]", "[]", "[]"])
        self.assertEqual(self.lines_out("a\n中".encode()), ['["a"]', '["中"]'])  # no final newline

    def test_crlf_dropped_lone_cr_kept(self):
        self.assertEqual(self.lines_out(b"ab\r\ncd\r\n"), ['["ab"]', '["cd"]'])
        self.assertEqual(self.lines_out(b"a\rb\n"), ['["a","\\r","b"]'])

    def test_nul_and_controls_are_characters(self):
        self.assertEqual(self.lines_out(b"a\x00b\x1fc\n"), ['["a","\\u0000","b","\\u001f","c"]'])

    def test_invalid_utf8_repaired_and_counted(self):
        p = run("cut", "--format", "jsonl", stdin=b"ok\n\xe4\xb8\n\xffx\xed\xa0\x80\n")
        self.assertEqual(p.stdout.decode().split("\n")[:-1],
                         ['["ok"]', '["\ufffd"]', '["\ufffd","x","\ufffd","\ufffd","\ufffd"]'])
        err = p.stderr.decode()
        self.assertIn("2 line(s)", err)
        self.assertIn("first at line 2", err)

    def test_strict_utf8(self):
        p = run("extract", "--strict-utf8", stdin=b"ok\nab\xffc\n", check_code=3)
        err = p.stderr.decode()
        self.assertIn("line 2", err)
        self.assertIn("byte 2 of the line", err)
        self.assertIn("byte offset 5", err)
        self.assertEqual(len(err.strip().split("\n")), 1)


class Files(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.d = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def path(self, name, content=None):
        p = os.path.join(self.d, name)
        if content is not None:
            with open(p, "wb") as f:
                f.write(content if isinstance(content, bytes) else content.encode())
        return p

    def test_input_file_and_output_file(self):
        src = self.path("in.txt", SENTENCE + "\n")
        dst = self.path("out.txt")
        run("extract", src, "-o", dst, "-k", "1")
        with open(dst, encoding="utf-8") as f:
            self.assertEqual(f.read(), "CEO\n")
        self.assertEqual(sorted(os.listdir(self.d)), ["in.txt", "out.txt"])  # no temp file left

    def test_missing_input(self):
        dst = self.path("out.txt")
        p = run("extract", self.path("nope.txt"), "-o", dst, check_code=1)
        self.assertIn("nope.txt", p.stderr.decode())
        self.assertFalse(os.path.exists(dst))

    def test_directory_as_input(self):
        p = run("cut", self.d, check_code=1)
        self.assertIn(self.d, p.stderr.decode())
        self.assertEqual(len(p.stderr.decode().strip().split("\n")), 1)

    def test_dev_full(self):
        src = self.path("in.txt", (SENTENCE + "\n") * 10)
        p = run("extract", src, "-o", "/dev/full", check_code=1)
        self.assertIn("/dev/full", p.stderr.decode())
        self.assertIn("No space", p.stderr.decode())

    def test_unwritable_directory(self):
        if os.geteuid() == 0:
            target = "/proc/kwx-test-out.txt"  # root can write anywhere but here
        else:
            os.chmod(self.d, 0o500)
            target = os.path.join(self.d, "out.txt")
        p = run("extract", "-o", target, stdin=b"x\n", check_code=1)
        self.assertIn("kwx-test-out" if os.geteuid() == 0 else "out.txt", p.stderr.decode())

    def test_output_is_a_directory(self):
        p = run("extract", "-o", self.d, stdin=b"x\n", check_code=1)
        self.assertIn("Is a directory", p.stderr.decode())

    def test_bad_dictionary_names_file_and_line(self):
        bad = self.path("dict.txt", "中国 10 ns\n北京 x\n")
        p = run("cut", "--dict", bad, stdin=b"x\n", check_code=1)
        err = p.stderr.decode()
        self.assertIn(bad, err)
        self.assertIn("line 2", err)
        self.assertEqual(len(err.strip().split("\n")), 1)

    def test_missing_dictionary(self):
        p = run("cut", "--dict", self.path("none.txt"), stdin=b"x\n", check_code=1)
        self.assertIn("none.txt", p.stderr.decode())

    def test_bad_idf_names_file_and_line(self):
        bad = self.path("idf.txt", "中国 1.5\n北京 1.0 2.0\n")
        p = run("extract", "--idf", bad, stdin=b"x\n", check_code=1)
        self.assertIn(bad, p.stderr.decode())
        self.assertIn("line 2", p.stderr.decode())

    def test_bad_hmm_model(self):
        bad = self.path("hmm.txt", "# nothing useful\n1 2 3\n")
        p = run("cut", "--hmm-model", bad, stdin=b"x\n", check_code=1)
        self.assertIn(bad, p.stderr.decode())

    def test_bad_pos_model_names_file_and_line(self):
        bad = self.path("pos.txt", "state B n -1\nstate E n oops\n")
        p = run("cut", "--pos", "--pos-model", bad, stdin=b"x\n", check_code=1)
        self.assertIn(bad, p.stderr.decode())
        self.assertIn("line 2", p.stderr.decode())

    def test_pos_needs_a_pos_model(self):
        # A data directory with the dictionary and the HMM but no pos_hmm.utf8 (and no kwx.dict):
        # cutting works, tagging says what is missing.
        share = os.path.join(os.path.dirname(os.path.abspath(KWX)), "..", "share", "kwx")
        data = os.path.join(self.d, "data")
        os.mkdir(data)
        for name in ("dict.txt", "hmm_model.utf8", "idf.txt"):
            os.symlink(os.path.join(share, name), os.path.join(data, name))
        self.assertEqual(run("cut", "--data-dir", data, stdin="北京".encode()).stdout, "北京\n".encode())
        p = run("cut", "--pos", "--data-dir", data, stdin="北京".encode(), check_code=1)
        self.assertIn("pos_hmm.utf8", p.stderr.decode())
        self.assertEqual(p.stdout, b"")
        for args in (["--allow-pos", "n"], ["--method", "textrank"]):
            p = run("extract", *args, "--data-dir", data, "-o", "-", stdin="北京".encode(), check_code=1)
            self.assertIn("pos_hmm.utf8", p.stderr.decode())
        run("extract", "--data-dir", data, "-o", "-", stdin="北京".encode())  # plain TF-IDF works

    def test_stop_words_not_utf8(self):
        bad = self.path("stop.txt", b"\xff\xfe\n")
        p = run("extract", "--stop-words", bad, stdin=b"x\n", check_code=1)
        self.assertIn(bad, p.stderr.decode())

    def test_custom_idf_and_stop_words(self):
        idf = self.path("idf.txt", "拖拉机 100.0\n学院 1.0\n")
        stop = self.path("stop.txt", "CEO\nceo\n")
        out = run("extract", "--idf", idf, "--stop-words", stop, "-k", "2",
                  stdin=SENTENCE.encode()).stdout.decode()
        self.assertEqual(out.split()[0], "拖拉机")
        self.assertNotIn("CEO", out)

    def test_stop_words_take_one_file_each(self):
        # The input after --stop-words FILE is the input, not a second stop-word file; the flag
        # repeats for more files.
        stop1 = self.path("stop1.txt", "ceo\n")  # jieba compares w.lower()
        stop2 = self.path("stop2.txt", "升职\n")
        text = self.path("in.txt", SENTENCE)
        out_path = self.path("out.txt", "")
        run("extract", "--stop-words", stop1, text, "-o", out_path, "-k", "3")
        with open(out_path, encoding="utf-8") as f:
            words = f.read().split()
        self.assertEqual(len(words), 3)
        self.assertNotIn("CEO", words)
        self.assertIn("升职", words)
        out = run("extract", "--stop-words", stop1, "--stop-words", stop2, "-k", "3",
                  stdin=SENTENCE.encode()).stdout.decode().split()
        self.assertNotIn("CEO", out)
        self.assertNotIn("升职", out)

    def test_missing_data_dir(self):
        p = run("cut", "--data-dir", self.path("nodata"), stdin=b"x\n", check_code=1)
        self.assertIn("nodata", p.stderr.decode())


class UserDict(unittest.TestCase):
    """--user-dict: jieba's load_userdict before the run (the results are compared with jieba's
    in tests/python/test_userdict.py); here the CLI contract: order, errors, compile."""

    setUp, tearDown, path = Files.setUp, Files.tearDown, Files.path

    def test_words_change_the_cut_in_order(self):
        src = self.path("in.txt", "他来到了网易杭研大厦\n")
        first = self.path("u1.txt", "杭研 30 nz\n")
        second = self.path("u2.txt", "杭研 0\n")  # applied after: del_word-like
        cut = lambda *extra: run("cut", src, "-o", "-", *extra).stdout.decode()
        self.assertEqual(cut(), "他 / 来到 / 了 / 网易 / 杭研 / 大厦\n")
        self.assertEqual(cut("--user-dict", first, "--pos"),
                         "他_r / 来到_v / 了_ul / 网易_n / 杭研_nz / 大厦_n\n")
        self.assertEqual(cut("--user-dict", first, "--user-dict", second),
                         "他 / 来到 / 了 / 网易 / 杭 / 研 / 大厦\n")

    def test_bad_user_dict_names_file_and_line_and_writes_nothing(self):
        src = self.path("in.txt", SENTENCE + "\n")
        bad = self.path("bad.txt", b"good 3\n\xff\xfe bad\n")
        dst = self.path("out.txt")
        for cmd in ("cut", "extract"):
            p = run(cmd, src, "--user-dict", bad, "-o", dst, check_code=1)
            err = p.stderr.decode()
            self.assertIn("bad.txt", err)
            self.assertIn("line 2", err)
            self.assertFalse(os.path.exists(dst))
        p = run("cut", src, "--user-dict", self.path("missing.txt"), check_code=1)
        self.assertIn("missing.txt", p.stderr.decode())

    def test_compiled_in_gives_the_same_results(self):
        src = self.path("in.txt", (SENTENCE + "他来到了网易杭研大厦\n") * 3)
        user = self.path("u.txt", "杭研 30 nz\n手扶拖拉机专业\n人生巅峰 0\n\ufeff拖拉机学院 5\n")
        compiled = self.path("user.dict")
        run("dict", "compile", "--user-dict", user, "-o", compiled)
        self.assertIn("ok", run("dict", "verify", compiled).stdout.decode())
        data = self.path("data")
        os.mkdir(data)
        os.symlink(compiled, os.path.join(data, "kwx.dict"))
        for args in (["cut", "--pos"], ["extract", "-k", "0", "--with-weight"],
                     ["extract", "--method", "textrank", "--with-weight"]):
            at_run_time = run(*args, src, "-o", "-", "--user-dict", user).stdout
            baked = run(*args, src, "-o", "-", "--data-dir", data).stdout
            self.assertEqual(at_run_time, baked, args)


JIEBA_DF = r"""
import sys, math, jieba
jieba.setLogLevel(60)
mode, hmm = sys.argv[1], sys.argv[2] == '1'
lines = sys.stdin.buffer.read().decode('utf-8').split('\n')
if lines and lines[-1] == '':
    lines.pop()
df = {}
for line in lines:
    cut = jieba.cut(line, HMM=hmm) if mode == 'accurate' else jieba.cut_for_search(line, HMM=hmm)
    for w in set(cut):
        if w and not any(c.isspace() for c in w):
            df[w] = df.get(w, 0) + 1
n = len(lines)
rows = sorted(df.items(), key=lambda item: item[0].encode())
sys.stdout.buffer.write(''.join('%s %r\n' % (w, math.log(n / d)) for w, d in rows).encode())
"""

JIEBA_EXTRACT = r"""
import sys, json, jieba, jieba.analyse
jieba.setLogLevel(60)
tfidf = jieba.analyse.TFIDF(idf_path=sys.argv[1])
for line in sys.stdin.buffer.read().decode('utf-8').split('\n')[:-1]:
    print(json.dumps(tfidf.extract_tags(line, topK=20, withWeight=True), ensure_ascii=False,
                     separators=(',', ':')))
"""


def idf_corpus():
    """Two hundred lines from a few sentences, deterministic: repeats, blank lines, English."""
    parts = [SENTENCE, "我来到北京清华大学", "他来到了网易杭研大厦", "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
             "The UTF-8 e-mail 3.14% C++ 程序设计语言", "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
             "  ", "永和服装饰品有限公司", "我不喜欢日本和服。", "结过婚的和尚未结过婚的"]
    lines, x = [], 7
    for _ in range(200):
        picked = []
        for _ in range(3):
            x = (x * 1103515245 + 12345) % 2 ** 31
            picked.append(parts[x % len(parts)])
        lines.append("".join(picked) if x % 13 else "")
    return "".join(l + "\n" for l in lines)


@unittest.skipUnless(os.path.exists("/usr/lib/python3/dist-packages/jieba/__init__.py"),
                     "needs Debian's python3-jieba (the oracle)")
class IdfBuild(unittest.TestCase):
    """kwx idf build against the same counts made with jieba itself, and kwx extract --idf with
    the table against jieba's TFIDF(idf_path=...)."""

    setUp, tearDown, path = Files.setUp, Files.tearDown, Files.path

    def jieba(self, code, *args, stdin):
        return subprocess.run(["/usr/bin/python3", "-c", code, *args], input=stdin,
                              stdout=subprocess.PIPE, check=True).stdout

    def test_table_is_jiebas_counts_on_any_number_of_threads(self):
        text = idf_corpus()
        src = self.path("corpus.txt", text)
        for mode, hmm in (("accurate", True), ("accurate", False), ("search", True)):
            extra = ["--mode", mode] + ([] if hmm else ["--no-hmm"])
            expected = self.jieba(JIEBA_DF, mode, "1" if hmm else "0", stdin=text.encode())
            for jobs in ("1", "2", "4"):
                out = run("idf", "build", src, "-o", "-", "-j", jobs, *extra).stdout
                self.assertEqual(out, expected, (mode, hmm, jobs))

    def test_jiebas_tfidf_with_the_table_gives_kwxs_keywords(self):
        text = idf_corpus()
        src = self.path("corpus.txt", text)
        table = self.path("idf.txt")
        run("idf", "build", src, "-o", table)
        ours = run("extract", src, "-o", "-", "--idf", table, "-k", "20", "--with-weight",
                   "--format", "jsonl").stdout
        self.assertEqual(ours, self.jieba(JIEBA_EXTRACT, table, stdin=text.encode()))

    def test_several_corpora_min_df_and_smooth(self):
        a = self.path("a.txt", "我来到北京清华大学\n我来到北京\n")
        b = self.path("b.txt", "他来到了网易杭研大厦")  # a last line without a line end counts
        out = run("idf", "build", a, b, "-o", "-").stdout.decode()
        self.assertIn("来到 0.0\n", out)  # in all 3 documents
        self.assertIn("北京 0.4054651081081644\n", out)  # math.log(3 / 2)
        out = run("idf", "build", a, b, "-o", "-", "--min-df", "2").stdout.decode()
        self.assertEqual(out, "北京 0.4054651081081644\n我 0.4054651081081644\n来到 0.0\n")  # bytes
        out = run("idf", "build", a, b, "-o", "-", "--smooth", "--min-df", "3").stdout.decode()
        self.assertEqual(out, "来到 1.0\n")

    def test_idf_from_corpus_is_idf_build_then_extract(self):
        text = idf_corpus()
        src = self.path("corpus.txt", text)
        table = self.path("idf.txt")
        for build, extract in (([], []), (["--min-df", "3", "--smooth"],
                                          ["--idf-min-df", "3", "--idf-smooth"])):
            run("idf", "build", src, "-o", table, *build)
            want = run("extract", src, "-o", "-", "--idf", table, "--with-weight", "-k", "50").stdout
            for jobs in ("1", "3"):
                got = run("extract", src, "-o", "-", "--idf-from-corpus", *extract, "-j", jobs,
                          "--with-weight", "-k", "50").stdout
                self.assertEqual(got, want, (build, jobs))
        # Records: the table is counted over the records' texts (an empty one is a document too,
        # as an empty line is).
        docs = self.path("docs.jsonl", "".join(json.dumps({"t": l}, ensure_ascii=False) + "\n"
                                               for l in text.split("\n")[:-1]))
        got = run("extract", docs, "-o", "-", "--input-format", "jsonl", "--text-field", "t",
                  "--idf-from-corpus", "--with-weight", "-k", "50", "--format", "jsonl").stdout
        run("idf", "build", src, "-o", table)
        want = run("extract", src, "-o", "-", "--idf", table, "--with-weight", "-k", "50",
                   "--format", "jsonl").stdout
        self.assertEqual([json.loads(l)["keywords"] for l in got.decode().splitlines()],
                         [json.loads(l) for l in want.decode().splitlines()])
        p = run("extract", "-", "-o", "-", "--idf-from-corpus", check_code=1)
        self.assertIn("give a file", p.stderr.decode())
        p = run("extract", src, "-o", "-", "--idf-from-corpus", "--idf", table, check_code=1)
        self.assertIn("not with --idf", p.stderr.decode())
        p = run("extract", src, "-o", "-", "--idf-smooth", check_code=1)
        self.assertIn("go with --idf-from-corpus", p.stderr.decode())

    def test_errors_write_nothing(self):
        dst = self.path("idf.txt")
        p = run("idf", "build", self.path("missing.txt"), "-o", dst, check_code=1)
        self.assertIn("missing.txt", p.stderr.decode())
        self.assertFalse(os.path.exists(dst))
        bad = self.path("bad.txt", b"\xff\xfe\n")
        p = run("idf", "build", bad, "-o", dst, "--strict-utf8", check_code=3)
        self.assertFalse(os.path.exists(dst))
        run("idf", "build", bad, "-o", dst)  # repaired and counted, as kwx cut does
        self.assertTrue(os.path.exists(dst))


# Reads the records with Python's own json/csv modules and writes what kwx extract --format jsonl
# (or tsv, or cut) should: the oracle for documents with IDs.
JIEBA_RECORDS = r"""
import sys, csv, json, jieba, jieba.analyse
jieba.setLogLevel(60)
path, fmt, text_field, id_field, out = sys.argv[1:6]
def records():
    with open(path, encoding='utf-8-sig', newline='') as f:
        if fmt == 'jsonl':
            for n, line in enumerate(f, 1):
                if line.strip():
                    yield n, json.loads(line)
        else:
            reader = csv.DictReader(f, dialect='excel' if fmt == 'csv' else 'excel-tab')
            reader.fieldnames  # the header
            while True:
                start = reader.line_num + 1  # line_num is where a row ends (no blank lines here)
                row = next(reader, None)
                if row is None:
                    break
                yield start, row
for n, rec in records():
    doc_id = rec[id_field] if id_field else n
    text = rec[text_field]
    if out == 'jsonl':
        kw = jieba.analyse.extract_tags(text, topK=20, withWeight=True)
        print(json.dumps({'id': doc_id, 'keywords': kw}, ensure_ascii=False, separators=(',', ':')))
    elif out == 'tsv':
        for rank, (w, x) in enumerate(jieba.analyse.extract_tags(text, topK=20, withWeight=True), 1):
            print('%s\t%d\t%s\t%r' % (doc_id, rank, w, x))
    else:
        print(json.dumps({'id': doc_id, 'tokens': jieba.lcut(text)}, ensure_ascii=False,
                         separators=(',', ':')))
"""


def record_texts():
    """Documents for the record formats: the IDF corpus's non-empty lines, some joined by line
    breaks, commas, quotes and tabs (which CSV must quote), a few empty."""
    lines = [l for l in idf_corpus().split("\n") if l.strip()][:60]
    texts = []
    for i, line in enumerate(lines):
        if i % 7 == 3:
            line = line[:20] + "\n" + line[20:] + ', "引号"\t，'
        if i % 11 == 5:
            line = ""
        texts.append(line)
    return texts


@unittest.skipUnless(os.path.exists("/usr/lib/python3/dist-packages/jieba/__init__.py"),
                     "needs Debian's python3-jieba (the oracle)")
class Records(unittest.TestCase):
    """--input-format jsonl/csv/tsv with --text-field/--id-field against jieba over the same
    records as Python's json and csv modules read them; bad records, --skip-bad."""

    setUp, tearDown, path = Files.setUp, Files.tearDown, Files.path

    def oracle(self, src, fmt, text_field, id_field, out):
        return subprocess.run(["/usr/bin/python3", "-c", JIEBA_RECORDS, src, fmt, text_field,
                               id_field, out], stdout=subprocess.PIPE, check=True).stdout

    def write_records(self):
        import csv
        import io
        texts = record_texts()
        jsonl = "".join(json.dumps({"n": i, "body": t, "doc": ("d%d" % i if i % 2 else i)},
                                   ensure_ascii=False) + ("\n\n" if i == 4 else "\n")
                        for i, t in enumerate(texts))
        paths = {"jsonl": self.path("docs.jsonl", jsonl)}
        for fmt, dialect in (("csv", "excel"), ("tsv", "excel-tab")):
            buf = io.StringIO(newline="")
            w = csv.writer(buf, dialect=dialect)
            w.writerow(["doc", "extra", "body"])
            for i, t in enumerate(texts):
                w.writerow(["d%d" % i, "x,y\t z", t])
            # utf-8-sig: a byte-order mark, as Excel writes it
            paths[fmt] = self.path("docs." + fmt, buf.getvalue().encode("utf-8-sig"))
        return paths

    def test_keywords_and_tokens_with_ids_are_jiebas(self):
        for fmt, src in self.write_records().items():
            for out in ("jsonl", "tsv"):
                expected = self.oracle(src, fmt, "body", "doc", out)
                for jobs in ("1", "3"):
                    got = run("extract", src, "-o", "-", "--input-format", fmt, "--text-field",
                              "body", "--id-field", "doc", "--format", out, "--with-weight",
                              "-j", jobs).stdout
                    self.assertEqual(got.decode(), expected.decode(), (fmt, out, jobs))
            got = run("cut", src, "--input-format", fmt, "--text-field", "body", "--id-field",
                      "doc", "--format", "jsonl").stdout
            self.assertEqual(got, self.oracle(src, fmt, "body", "doc", "cut"), fmt)
        # The default ID is the line the record starts on (a quoted line break spans two).
        src = self.write_records()["csv"]
        got = run("extract", src, "-o", "-", "--input-format", "csv", "--text-field", "3",
                  "--format", "jsonl", "--with-weight").stdout
        self.assertEqual(got, self.oracle(src, "csv", "body", "", "jsonl"))
        # Text output: one line per record, no IDs.
        got = run("extract", src, "-o", "-", "--input-format", "csv", "--text-field", "body").stdout
        self.assertEqual(len(got.decode().split("\n")) - 1, len(record_texts()))

    def test_idf_build_counts_records(self):
        texts = [t.replace("\n", " ") for t in record_texts()]
        plain = self.path("plain.txt", "".join(t + "\n" for t in texts))
        jsonl = self.path("docs.jsonl", "".join(json.dumps({"text": t}) + "\n\n" for t in texts))
        self.assertEqual(run("idf", "build", jsonl, "--input-format", "jsonl", "-o", "-").stdout,
                         run("idf", "build", plain, "-o", "-").stdout)

    def test_a_bad_record_names_its_line_and_writes_nothing(self):
        src = self.path("bad.jsonl", '{"text": "我来到北京"}\n{"body": "x"}\n')
        dst = self.path("out.txt")
        p = run("extract", src, "-o", dst, "--input-format", "jsonl", check_code=1)
        self.assertIn("bad.jsonl' line 2: the text member 'text' is missing", p.stderr.decode())
        self.assertFalse(os.path.exists(dst))
        src = self.path("bad.csv", 'id,text\n1,"我来到北京\n2,unterminated\n')
        p = run("extract", src, "-o", dst, "--input-format", "csv", check_code=1)
        self.assertIn("bad.csv' line 2: malformed quoting", p.stderr.decode())
        p = run("extract", src, "-o", dst, "--input-format", "csv", "--text-field", "body",
                check_code=1)
        self.assertIn("the header has no field 'body' (it has 'id', 'text')", p.stderr.decode())
        p = run("extract", src, "-o", dst, "--id-field", "id", check_code=1)
        self.assertIn("--input-format", p.stderr.decode())
        self.assertFalse(os.path.exists(dst))

    def test_skip_bad_counts_and_goes_on(self):
        src = self.path("mixed.jsonl", '{"id": 1, "text": "我来到北京清华大学"}\n'
                                       'not json\n'
                                       '{"id": 3, "text": 5}\n'
                                       '{"id": 4, "text": "他来到了网易杭研大厦"}\n')
        common = ("--input-format", "jsonl", "--id-field", "id", "--skip-bad")
        p = run("extract", src, "-o", "-", "--format", "jsonl", "-k", "2", *common)
        self.assertEqual(p.stdout.decode(), '{"id":1,"keywords":["清华大学","来到"]}\n'
                                            '{"id":4,"keywords":["杭研","网易"]}\n')
        self.assertIn("skipped 2 malformed record(s) of '%s'; the first, at line 2: not valid JSON"
                      % src, p.stderr.decode())
        p = run("extract", src, "-o", "-", "-k", "2", *common)
        self.assertEqual(p.stdout.decode(), "清华大学 来到\n\n\n杭研 网易\n")  # a line per record

    def test_invalid_utf8_in_a_record(self):
        src = self.path("bad.jsonl", b'{"text": "\xe6\x88\x91\xff"}\n')
        p = run("extract", src, "-o", "-", "--input-format", "jsonl", "--format", "jsonl")
        self.assertEqual(p.stdout, '{"id":1,"keywords":[]}\n'.encode())
        self.assertIn("repaired invalid UTF-8", p.stderr.decode())
        run("extract", src, "-o", "-", "--input-format", "jsonl", "--strict-utf8", check_code=3)


class DamagedData(unittest.TestCase):
    """The CLI computes the compiled file's checksum while it starts working: a damaged file
    must still fail the run with nothing written, to a file or to stdout."""

    setUp, tearDown, path = Files.setUp, Files.tearDown, Files.path

    def test_damaged_compiled_file_fails_with_no_output(self):
        compiled = self.path("good.dict")
        run("dict", "compile", "-o", compiled)
        with open(compiled, "rb") as f:
            data = bytearray(f.read())
        for where in (len(data) // 3, len(data) - 1):
            damaged = bytearray(data)
            damaged[where] ^= 0x10
            d = self.path("data%d" % where)
            os.mkdir(d)
            with open(os.path.join(d, "kwx.dict"), "wb") as f:
                f.write(damaged)
            for text in ("", SENTENCE + "\n" * 1000):
                src = self.path("in.txt", text)
                for cmd in (["extract"], ["cut"], ["cut", "--pos"]):
                    dst = self.path("out.txt")
                    p = run(*cmd, src, "-o", dst, "--data-dir", d, check_code=1)
                    self.assertIn("checksum mismatch", p.stderr.decode(), (where, cmd))
                    self.assertFalse(os.path.exists(dst))
                    p = run(*cmd, src, "-o", "-", "--data-dir", d, check_code=1)
                    self.assertEqual(p.stdout, b"", (where, cmd))
        # The undamaged file works from the same kind of directory.
        d = self.path("good")
        os.mkdir(d)
        os.symlink(compiled, os.path.join(d, "kwx.dict"))
        self.assertTrue(run("cut", self.path("in.txt", SENTENCE + "\n"), "-o", "-",
                            "--data-dir", d).stdout)


class Usage(unittest.TestCase):
    def test_help(self):
        for args in (["--help"], ["extract", "--help"], ["cut", "--help"]):
            p = run(*args)
            self.assertIn("Usage", p.stdout.decode() + p.stderr.decode())

    def test_bad_usage_exit_2(self):
        run(check_code=2)
        run("frobnicate", check_code=2)
        run("extract", "--format", "xml", check_code=2)
        run("cut", "--mode", "fast", check_code=2)
        run("extract", "--topk", "many", check_code=2)


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--kwx" in args:
        i = args.index("--kwx")
        KWX = args[i + 1]
        del args[i:i + 2]
    if not KWX:
        sys.exit("usage: cli_test.py --kwx PATH [unittest args]")
    unittest.main(argv=[sys.argv[0]] + args, verbosity=2)
