#!/usr/bin/python3
"""Side-by-side benchmark of kwx and its peers; the driver behind bench/compare.sh (which installs
the peers first). See bench/README.md.

Tasks (--task): extract (default) = jieba.analyse.extract_tags(line, topK=100); pos =
jieba.posseg.lcut(line); textrank = jieba.analyse.textrank(line, topK=20). Every line of each corpus.

For every corpus, RUNS times, in one loop that alternates the tools (the order rotates by one tool
each run): run the tool on the corpus and on an empty file, both under /usr/bin/time -v. Then print
a Markdown table of medians (also <work>/STEM.md), write every raw run to <work>/STEM.json and
draw <work>/STEM.png, where STEM is compare (extract), compare-pos or compare-textrank. Parity: the
last run's output of every tool is compared line by line with Python jieba's.

usage: /usr/bin/python3 bench/compare.py --work DIR --kwx PATH --corpus FILE [--corpus FILE]...
                                         [--task extract|pos|textrank] [--runs N] [--jobs N]
                                         [--tools a,b,...]
       /usr/bin/python3 bench/compare.py --work DIR [--task T] --report-only   (table and chart
                                                                  again from <work>/STEM.json)
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PEERS = os.path.join(HERE, 'peers')
PY = '/usr/bin/python3'
TOPK = 100

# key -> (label, kind); kind 'kwx' or 'peer'. The order is the table's and the chart's.
TOOL_ORDER = ['kwx_j1', 'kwx_jN', 'python_jieba', 'nodejieba', 'node_rs_jieba']
PEER_KEYS = ['python_jieba', 'nodejieba', 'node_rs_jieba']

# What each --task measures. stem: the names of the table, JSON and chart in <work>; out: the
# outputs' folder in <work>; topk: keywords per line (None: no keywords); unsupported: tools that
# cannot do the task, and why (left out of the default tool list, refused when asked for).
TASKS = {
    'extract': dict(stem='compare', out='out', tmp='tmp', topk=TOPK, unsupported={}),
    'pos': dict(stem='compare-pos', out='out-pos', tmp='tmp-pos', topk=None, unsupported={}),
    'textrank': dict(stem='compare-textrank', out='out-textrank', tmp='tmp-textrank', topk=20,
                     unsupported={'node_rs_jieba': "@node-rs/jieba 2.0.3 has no TextRank: its binding "
                                  "exports only Jieba (cut, cutAll, cutForSearch, cutAsync, tag, "
                                  "loadDict), CutTask and TfIdf"}),
}


def task_of(meta):
    return meta.get('task', 'extract')


def task_title(meta):
    t = task_of(meta)
    if t == 'pos':
        return 'posseg.lcut (part-of-speech tagging, HMM on)'
    if t == 'textrank':
        return f"textrank topK={meta['topk']} (allowPOS ns,n,vn,v)"
    return f"extract_tags topK={meta['topk']}"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def tool_label(key, meta):
    return {
        'kwx_j1': 'kwx -j1',
        'kwx_jN': f"kwx -j{meta['jobs']}",
        'python_jieba': f"Python jieba {meta['versions'].get('python_jieba', '?')} (serial)",
        'nodejieba': f"nodejieba {meta['versions'].get('nodejieba', '?')} (cppjieba)",
        'node_rs_jieba': f"@node-rs/jieba {meta['versions'].get('node_rs_jieba', '?')} (jieba-rs, HMM)",
    }[key]


def short_label(key, meta):
    return {'kwx_j1': 'kwx -j1', 'kwx_jN': f"kwx -j{meta['jobs']}", 'python_jieba': 'Python jieba',
            'nodejieba': 'nodejieba', 'node_rs_jieba': '@node-rs/jieba'}[key]


def command(key, corpus, out, a):
    if a.task == 'pos':
        return command_pos(key, corpus, out, a)
    if a.task == 'textrank':
        return command_textrank(key, corpus, out, a)
    if key in ('kwx_j1', 'kwx_jN'):
        jobs = 1 if key == 'kwx_j1' else a.jobs
        return [a.kwx, 'extract', corpus, '-k', str(TOPK), '-j', str(jobs), '-q', '-v', '-o', out]
    if key == 'python_jieba':
        return [PY, os.path.join(PEERS, 'py_jieba_serial.py'), corpus, out, '--mode', 'extract',
                '--topk', str(TOPK)]
    if key == 'nodejieba':
        return ['node', os.path.join(PEERS, 'node_cppjieba.js'), corpus, out, '--mode', 'extract',
                '--topk', str(TOPK)]
    if key == 'node_rs_jieba':
        return ['node', os.path.join(PEERS, 'node_jiebars.js'), corpus, out, '--mode', 'extract',
                '--topk', str(TOPK), '--hmm']
    raise KeyError(key)


def command_pos(key, corpus, out, a):
    """jieba.posseg.lcut per line. kwx writes JSON lines (its text form 'w_f / w_f' cannot be split
    back when a word holds ' / ' or '_'); the peers write the same [["word","flag"],...] lines."""
    if key in ('kwx_j1', 'kwx_jN'):
        jobs = 1 if key == 'kwx_j1' else a.jobs
        return [a.kwx, 'cut', corpus, '--pos', '--format', 'jsonl', '-j', str(jobs), '-q', '-v', '-o', out]
    if key == 'python_jieba':
        return [PY, os.path.join(PEERS, 'py_jieba_serial.py'), corpus, out, '--mode', 'pos']
    if key == 'nodejieba':
        return ['node', os.path.join(PEERS, 'node_cppjieba.js'), corpus, out, '--mode', 'pos']
    if key == 'node_rs_jieba':
        return ['node', os.path.join(PEERS, 'node_jiebars.js'), corpus, out, '--mode', 'pos', '--hmm']
    raise KeyError(key)


def command_textrank(key, corpus, out, a):
    """jieba.analyse.textrank(line, topK=20) per line (allowPOS ns,n,vn,v: jieba's default, and
    kwx's for --method textrank); keywords joined by blanks."""
    k = str(TASKS['textrank']['topk'])
    if key in ('kwx_j1', 'kwx_jN'):
        jobs = 1 if key == 'kwx_j1' else a.jobs
        return [a.kwx, 'extract', corpus, '--method', 'textrank', '-k', k, '-j', str(jobs), '-q', '-v',
                '-o', out]
    if key == 'python_jieba':
        return [PY, os.path.join(PEERS, 'py_jieba_serial.py'), corpus, out, '--mode', 'textrank',
                '--topk', k]
    if key == 'nodejieba':
        return ['node', os.path.join(PEERS, 'node_cppjieba.js'), corpus, out, '--mode', 'textrank',
                '--topk', k]
    raise KeyError(f'{key} has no textrank ({TASKS["textrank"]["unsupported"].get(key, "?")})')


# ------------------------------------------------------------------------------------- running
KWX_DONE = re.compile(r'kwx: (\d+) lines, (\d+) bytes in ([0-9.]+) s \(([0-9.]+|inf|nan) MB/s\)')
KWX_LOAD = re.compile(r'kwx: data loaded in ([0-9.]+) s')


def parse_gnu_time(path):
    r = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.strip().rpartition(': ')
            if k.startswith('Elapsed (wall clock) time'):
                s = 0.0
                for p in v.split(':'):
                    s = s * 60 + float(p)
                r['gnu_elapsed_s'] = s
            elif k == 'Maximum resident set size (kbytes)':
                r['maxrss_kb'] = int(v)
            elif k == 'User time (seconds)':
                r['user_s'] = float(v)
            elif k == 'System time (seconds)':
                r['sys_s'] = float(v)
            elif k == 'Percent of CPU this job got':
                r['cpu_pct'] = v
    return r


def kwx_work(stderr):
    """(lines, bytes, seconds, MB/s, load seconds) from kwx's -v lines. kwx prints the time with 3
    decimals and the rate with 1: take whichever of bytes/time and the printed rate is more exact."""
    m = KWX_DONE.search(stderr)
    if not m:
        return None
    lines, nbytes, secs, rate = int(m.group(1)), int(m.group(2)), float(m.group(3)), m.group(4)
    printed = float(rate) if rate not in ('inf', 'nan') else None
    computed = nbytes / 1e6 / secs if secs > 0 else None
    if computed is None:
        mbps = printed
    elif printed is None or printed == 0:
        mbps = computed
    else:  # relative rounding error: 0.0005/secs for the time, 0.05/printed for the rate
        mbps = computed if 0.0005 / secs <= 0.05 / printed else printed
    lm = KWX_LOAD.search(stderr)
    return dict(lines=lines, bytes=nbytes, t_work=secs, mbps=mbps,
                t_init=float(lm.group(1)) if lm else None)


def run_one(key, corpus, out, a, env, tmp):
    cmd = command(key, corpus, out, a)
    tf = os.path.join(tmp, 'time.txt')
    t0 = time.perf_counter()
    p = subprocess.run(['/usr/bin/time', '-v', '-o', tf] + cmd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, cwd=tmp)
    wall = time.perf_counter() - t0
    so, se = p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')
    if p.returncode != 0:
        log(f'compare.py: {" ".join(cmd)} exited {p.returncode}\n{so[-2000:]}\n{se[-4000:]}')
        sys.exit(1)
    r = dict(wall_s=wall, **parse_gnu_time(tf))
    if key.startswith('kwx'):
        w = kwx_work(se)
        if w is None:
            log(f'compare.py: no "kwx: ... lines, ... bytes in ..." line on stderr of {" ".join(cmd)}:\n{se}')
            sys.exit(1)
        r.update(w)
    else:
        res = [l for l in so.splitlines() if l.startswith('RESULT ')]
        if not res:
            log(f'compare.py: no RESULT line from {" ".join(cmd)}:\n{so}\n{se}')
            sys.exit(1)
        j = json.loads(res[-1][7:])
        r.update({k: j[k] for k in ('lines', 'bytes', 't_work', 'mbps', 't_import', 't_init',
                                    't_read', 't_write') if k in j})
    return r


def fmt_s(x):
    return '-' if x is None else f'{x:.3f}'


def versions(a, node_modules):
    v = {}
    try:
        v['python_jieba'] = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'python3-jieba'],
                                           capture_output=True, text=True).stdout.split('-')[0] or '?'
    except OSError:
        v['python_jieba'] = '?'
    for key, pkg in (('nodejieba', 'nodejieba'), ('node_rs_jieba', '@node-rs/jieba')):
        try:
            with open(os.path.join(node_modules, pkg, 'package.json')) as f:
                v[key] = json.load(f)['version']
        except (OSError, ValueError, KeyError):
            v[key] = '?'
    try:
        v['node'] = subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()
    except OSError:
        v['node'] = '?'
    g = subprocess.run(['git', '-C', REPO, 'describe', '--always', '--dirty'], capture_output=True, text=True)
    v['kwx_git'] = g.stdout.strip() or '?'
    return v


def machine():
    model = '?'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return dict(nproc=os.cpu_count(), cpu=model, host=platform.node(), kernel=platform.release())


def loadavg():
    try:
        with open('/proc/loadavg') as f:
            return [float(x) for x in f.read().split()[:3]]
    except OSError:
        return None


def run_all(a):
    work = os.path.abspath(a.work)
    task = TASKS[a.task]
    out_dir = os.path.join(work, task['out'])
    tmp = os.path.join(work, task['tmp'])
    os.makedirs(out_dir, exist_ok=True)
    os.makedirs(tmp, exist_ok=True)
    node_modules = os.path.join(work, 'node', 'node_modules')
    env = dict(os.environ)
    env['NODE_PATH'] = node_modules
    for k in [k for k in env if k.startswith('PYTHON')]:
        del env[k]
    empty = os.path.join(tmp, 'empty.txt')
    open(empty, 'w').close()
    tools = [t for t in TOOL_ORDER if t in a.tools]

    meta = dict(date=datetime.datetime.now().astimezone().isoformat(timespec='seconds'),
                task=a.task, runs=a.runs, jobs=a.jobs, topk=task['topk'], tools=tools, kwx=a.kwx,
                unsupported={k: v for k, v in task['unsupported'].items() if k in a.tools_asked},
                machine=machine(), versions=versions(a, node_modules), loadavg_start=loadavg(),
                order='tools alternate inside each run; the starting tool rotates by one each run')
    corpora = []
    for c in a.corpus:
        with open(c, 'rb') as f:
            data = f.read()  # also warms the page cache
        n = data.count(b'\n') + (0 if data.endswith(b'\n') or not data else 1)
        name = os.path.basename(c)
        if name in [x['name'] for x in corpora]:
            name = f'{name}#{len(corpora)}'
        corpora.append(dict(name=name, path=os.path.abspath(c), bytes=len(data), lines=n))

    if 'python_jieba' in tools:  # build jieba's prefix-dict cache before anything is timed
        subprocess.run([PY, '-c', 'import jieba; jieba.setLogLevel(60); jieba.initialize()'], env=env,
                       check=True)
    runs, startups = [], []
    for ci, c in enumerate(corpora):
        cdir = os.path.join(out_dir, re.sub(r'[^A-Za-z0-9_.#-]', '_', c['name']))
        os.makedirs(cdir, exist_ok=True)
        log(f"== {c['name']}: {c['lines']} lines, {c['bytes'] / 1e6:.2f} MB")
        for r in range(1, a.runs + 1):
            k = (r - 1 + ci) % len(tools)
            for key in tools[k:] + tools[:k]:
                out = os.path.join(cdir, f'{key}.txt')
                s = run_one(key, empty, os.path.join(tmp, f'startup.{key}.txt'), a, env, tmp)
                x = run_one(key, c['path'], out, a, env, tmp)
                if x.get('bytes') not in (None, c['bytes']):
                    log(f"compare.py: {key} read {x.get('bytes')} bytes of {c['path']}, not {c['bytes']}")
                    sys.exit(1)
                x.update(tool=key, corpus=c['name'], run=r, whole_mbps=c['bytes'] / 1e6 / x['wall_s'])
                s.update(tool=key, corpus=c['name'], run=r)
                runs.append(x)
                startups.append(s)
                log(f"  run {r}/{a.runs} {short_label(key, meta):15s} work {x['mbps']:8.2f} MB/s  "
                    f"whole {x['whole_mbps']:8.2f} MB/s ({x['wall_s']:.2f} s)  "
                    f"RSS {x.get('maxrss_kb', 0) / 1024:5.0f} MiB  start-up {s['wall_s']:.3f} s")
    meta['loadavg_end'] = loadavg()
    parity = {}
    for c in corpora:
        cdir = os.path.join(out_dir, re.sub(r'[^A-Za-z0-9_.#-]', '_', c['name']))
        parity[c['name']] = compare_outputs(cdir, tools, a.task)
    return dict(meta=meta, corpora=corpora, runs=runs, startup=startups, parity=parity)


# -------------------------------------------------------------------------------------- parity
def load_lines(path):
    with open(path, 'rb') as f:
        L = f.read().decode('utf-8', 'replace').split('\n')
    if L and L[-1] == '':
        L.pop()
    return L


def pos_line(s):
    """A [["word","flag"],...] JSON line as a list of (word, flag) tuples; None if it is not one."""
    try:
        return [(w, f) for w, f in json.loads(s)]
    except (ValueError, TypeError):
        return None


def compare_outputs(cdir, tools, task='extract'):
    """Every tool's last output against Python's, line by line. extract, textrank: keywords split on
    blanks; identical = same keywords in the same order, same_set = same keywords in any order.
    pos: identical = same (word, flag) list, same_words = same words (segmentation), flags aside."""
    ref_p = os.path.join(cdir, 'python_jieba.txt')
    if not os.path.exists(ref_p):
        return {}
    ref = load_lines(ref_p)
    res = {}
    for key in tools:
        if key == 'python_jieba':
            continue
        oth = load_lines(os.path.join(cdir, f'{key}.txt'))
        r = dict(lines=len(oth), ref_lines=len(ref))
        if len(oth) != len(ref):
            r.update(identical=None, same_set=None, error=f'{len(oth)} lines, Python has {len(ref)}')
        else:
            n = max(1, len(ref))
            if task == 'pos':
                rp, op = [pos_line(x) for x in ref], [pos_line(x) for x in oth]
                ident = sum(a is not None and a == b for a, b in zip(rp, op))
                same = sum(a is not None and b is not None and [w for w, _ in a] == [w for w, _ in b]
                           for a, b in zip(rp, op))
                r.update(identical=ident / n, same_words=same / n, identical_lines=ident)
            else:
                ident = sum(a.split() == b.split() for a, b in zip(ref, oth))
                same = sum(set(a.split()) == set(b.split()) for a, b in zip(ref, oth))
                r.update(identical=ident / n, same_set=same / n, identical_lines=ident)
        res[key] = r
    if 'kwx_j1' in tools and 'kwx_jN' in tools:
        with open(os.path.join(cdir, 'kwx_j1.txt'), 'rb') as f1, open(os.path.join(cdir, 'kwx_jN.txt'), 'rb') as f2:
            res['kwx_j1_equals_jN'] = f1.read() == f2.read()
    return res


# -------------------------------------------------------------------------------------- report
def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def summarize(data):
    summ = {}
    for c in data['corpora']:
        cs = {}
        for key in data['meta']['tools']:
            rs = [r for r in data['runs'] if r['corpus'] == c['name'] and r['tool'] == key]
            ss = [s for s in data['startup'] if s['corpus'] == c['name'] and s['tool'] == key]
            if not rs:
                continue
            mb = [r['mbps'] for r in rs if r.get('mbps') is not None]
            cs[key] = dict(
                runs=len(rs), work_mbps=med(mb), whole_mbps=med(r['whole_mbps'] for r in rs),
                wall_s=med(r['wall_s'] for r in rs), startup_s=med(s['wall_s'] for s in ss),
                maxrss_mib=med(r.get('maxrss_kb', 0) / 1024 for r in rs),
                work_min=min(mb) if mb else None, work_max=max(mb) if mb else None)
        for key in PEER_KEYS:
            if key not in cs or not cs[key]['work_mbps']:
                continue
            pw = cs[key]['work_mbps']
            for k in ('kwx_j1', 'kwx_jN'):
                if k in cs:
                    cs[key][f'{k}_whole_ratio'] = cs[k]['whole_mbps'] / pw
                    cs[key][f'{k}_work_ratio'] = cs[k]['work_mbps'] / pw
        summ[c['name']] = cs
    return summ


def fmt_rate(x):
    if x is None:
        return '-'
    return f'{x:.0f}' if x >= 100 else f'{x:.1f}' if x >= 10 else f'{x:.2f}'


def fmt_ratio(x):
    if x is None:
        return '-'
    return f'{x:.0f}×' if x >= 100 else f'{x:.1f}×' if x >= 10 else f'{x:.2f}×'


def markdown(data, summ):
    m = data['meta']
    mc, v = m['machine'], m['versions']
    N = m['jobs']
    task = task_of(m)
    wall = task != 'extract'  # the new tasks' tables also show the whole process's wall time
    L = []
    L.append(f"## kwx vs jieba peers: {task_title(m)}, median of {m['runs']} run{'s' if m['runs'] != 1 else ''}")
    L.append('')
    L.append(f"{m['date']} · {mc['nproc']} CPUs ({mc['cpu']}) · kwx {v.get('kwx_git', '?')} · "
             f"node {v.get('node', '?')} · load average {fmt_load(m.get('loadavg_start'))} at the start, "
             f"{fmt_load(m.get('loadavg_end'))} at the end")
    for c in data['corpora']:
        cs = summ.get(c['name'], {})
        par = data.get('parity', {}).get(c['name'], {})
        L.append('')
        L.append(f"### {c['name']}: {c['lines']:,} lines, {c['bytes'] / 1e6:.2f} MB")
        L.append('')
        L.append(f'| tool | work MB/s | whole MB/s | {"whole s | " if wall else ""}start-up s | peak RSS MiB | '
                 f'work spread | kwx -j1 ÷ peer: whole, work | kwx -j{N} ÷ peer: whole, work | lines = Python |')
        L.append('|---|---:|---:|---:|---:|---:|---:|---:|---:|' + ('---:|' if wall else ''))
        for key in m['tools']:
            if key not in cs:
                continue
            s = cs[key]
            spread = ('-' if not s['work_mbps'] or s['work_min'] is None or s['runs'] < 2
                      else f"±{50 * (s['work_max'] - s['work_min']) / s['work_mbps']:.0f}%")
            if key in PEER_KEYS:
                r1 = (f"{fmt_ratio(s.get('kwx_j1_whole_ratio'))}, {fmt_ratio(s.get('kwx_j1_work_ratio'))}"
                      if 'kwx_j1_work_ratio' in s else '-')
                rN = (f"{fmt_ratio(s.get('kwx_jN_whole_ratio'))}, {fmt_ratio(s.get('kwx_jN_work_ratio'))}"
                      if 'kwx_jN_work_ratio' in s else '-')
            else:
                r1 = rN = ''
            if key == 'python_jieba':
                pe = 'reference'
            elif key in par:
                p = par[key]
                pe = p['error'] if p.get('identical') is None else f"{100 * p['identical']:.1f}%"
            else:
                pe = '-'
            L.append(f"| {tool_label(key, m)} | {fmt_rate(s['work_mbps'])} | {fmt_rate(s['whole_mbps'])} | "
                     + (f"{fmt_s(s['wall_s'])} | " if wall else '')
                     + f"{fmt_s(s['startup_s'])} | {s['maxrss_mib']:.0f} | {spread} | {r1} | {rN} | {pe} |")
        for key in m.get('unsupported', {}):
            L.append(f"| {tool_label(key, m)} | n/a | n/a | " + ('n/a | ' if wall else '')
                     + "n/a | n/a | | | | not run (below) |")
        for key, why in m.get('unsupported', {}).items():
            L.append('')
            L.append(f'{short_label(key, m)}: not run: {why}.')
        scaling = jobs_scaling(data, c['name'])
        if scaling:
            L.append('')
            L.append(f"kwx -j{N} ÷ kwx -j1: work {scaling['work']:.2f}×, whole {scaling['whole']:.2f}× "
                     f"(medians); run by run (each -j{N} run next to its -j1 run) work "
                     f"{scaling['work_lo']:.2f}–{scaling['work_hi']:.2f}×, whole "
                     f"{scaling['whole_lo']:.2f}–{scaling['whole_hi']:.2f}×.")
        if 'kwx_j1_equals_jN' in par:
            second, what = (('same_words', 'Same words as Python (segmentation; flags ignored): ')
                            if task == 'pos' else ('same_set', 'Same keyword set as Python (order ignored): '))
            L.append('')
            L.append(f"kwx -j1 and -j{N} outputs byte-identical: {'yes' if par['kwx_j1_equals_jN'] else 'NO'}. "
                     + what
                     + ', '.join(f"{short_label(k, m)} {100 * par[k][second]:.1f}%" for k in m['tools']
                                 if k in par and isinstance(par[k], dict) and par[k].get(second) is not None))
    L.append('')
    if task == 'extract':
        L.append('work MB/s: corpus bytes ÷ the time of the tool\'s own work loop, as the tool reports it '
                 '(kwx: its -v line, which includes reading and writing; peers: the per-line extract calls '
                 'only). whole MB/s: corpus bytes ÷ wall time of the whole process (start, dictionary load, '
                 'read, work, write). start-up s: wall time of the whole process on an empty file. peak RSS: '
                 '/usr/bin/time -v Maximum resident set size on the corpus. work spread: ±half the '
                 'min..max range of work MB/s over the runs, relative to the median. kwx ÷ peer: kwx\'s '
                 'whole-process MB/s and work MB/s, each divided by the peer\'s work MB/s. lines = Python: '
                 'share of output lines identical to Python jieba\'s (same keywords, same order).')
    else:
        calls, same = (('posseg.lcut / tag calls', 'the same (word, flag) list') if task == 'pos' else
                       ('textrank calls', 'the same keywords in the same order'))
        L.append('work MB/s: corpus bytes ÷ the time of the tool\'s own work loop, as the tool reports it '
                 f'(kwx: its -v line, which includes reading and writing; peers: the per-line {calls} '
                 'only). whole MB/s: corpus bytes ÷ wall time of the whole process (start, dictionary load, '
                 'read, work, write); whole s: that wall time. start-up s: wall time of the whole process '
                 'on an empty file. peak RSS: /usr/bin/time -v Maximum resident set size on the corpus. '
                 'work spread: ±half the min..max range of work MB/s over the runs, relative to the median. '
                 'kwx ÷ peer: kwx\'s whole-process MB/s and work MB/s, each divided by the peer\'s work '
                 f'MB/s. lines = Python: share of output lines with {same} as Python jieba\'s.')
    return '\n'.join(L) + '\n'


def jobs_scaling(data, corpus):
    """kwx -jN over -j1 on one corpus: the ratio of the medians, and the range of the ratios of
    the runs made next to each other (run i of both), which share the machine's mood of the
    moment."""
    def runs(tool):
        return {r['run']: r for r in data.get('runs', [])
                if r.get('tool') == tool and r.get('corpus') == corpus and r.get('mbps')}
    one, many = runs('kwx_j1'), runs('kwx_jN')
    pairs = [(one[i], many[i]) for i in sorted(one) if i in many]
    if not pairs:
        return None
    work = [b['mbps'] / a['mbps'] for a, b in pairs]
    whole = [b['whole_mbps'] / a['whole_mbps'] for a, b in pairs]
    med = lambda xs: sorted(xs)[len(xs) // 2] if len(xs) % 2 else sum(sorted(xs)[len(xs) // 2 - 1:len(xs) // 2 + 1]) / 2
    return {'work': med([b['mbps'] for _, b in pairs]) / med([a['mbps'] for a, _ in pairs]),
            'whole': med([b['whole_mbps'] for _, b in pairs]) / med([a['whole_mbps'] for a, _ in pairs]),
            'work_lo': min(work), 'work_hi': max(work), 'whole_lo': min(whole), 'whole_hi': max(whole)}


def fmt_load(x):
    return '?' if not x else ' '.join(f'{v:.2f}' for v in x)


def chart(data, summ, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    m = data['meta']
    tools = m['tools']
    names = [c['name'] for c in data['corpora']]
    colors = {'kwx_j1': '#1f5fa8', 'kwx_jN': '#6aa6e0', 'python_jieba': '#d9822b',
              'nodejieba': '#3a9a48', 'node_rs_jieba': '#a33f8f'}
    fig, axes = plt.subplots(1, 2, figsize=(15, 6.8), sharey=True)
    width = 0.8 / max(1, len(tools))
    allv = [summ[n][t][f] for n in names for t in tools if t in summ.get(n, {})
            for f in ('work_mbps', 'whole_mbps') if summ[n][t].get(f)]
    lo, hi = (min(allv), max(allv)) if allv else (0.1, 10)
    for ax, field, title in ((axes[0], 'work_mbps', 'work loop (as each tool reports it)'),
                             (axes[1], 'whole_mbps', 'whole process (wall time incl. start-up)')):
        for i, t in enumerate(tools):
            xs, ys = [], []
            for j, n in enumerate(names):
                s = summ.get(n, {}).get(t)
                if s and s.get(field):
                    xs.append(j + (i - (len(tools) - 1) / 2) * width)
                    ys.append(s[field])
            bars = ax.bar(xs, ys, width * 0.92, label=tool_label(t, m), color=colors.get(t))
            for b, y in zip(bars, ys):
                ax.text(b.get_x() + b.get_width() / 2, y * 1.06, fmt_rate(y), ha='center', va='bottom',
                        fontsize=8.5, rotation=0)
        ax.set_yscale('log')
        ax.set_ylim(lo / 2.5, hi * 3)
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels([f"{c['name']}\n{c['lines']:,} lines, {c['bytes'] / 1e6:.1f} MB"
                            for c in data['corpora']], fontsize=10)
        ax.set_title(title, fontsize=12)
        ax.grid(axis='y', which='major', alpha=0.35)
        ax.grid(axis='y', which='minor', alpha=0.12)
        ax.set_axisbelow(True)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f'{v:g}'))
    axes[0].set_ylabel('MB/s (log scale, higher is better)', fontsize=11)
    h, l = axes[0].get_legend_handles_labels()
    fig.legend(h, l, loc='lower center', ncol=min(5, len(tools)), fontsize=10, frameon=False)
    mc = m['machine']
    fig.suptitle(f"kwx vs jieba peers: {task_title(m)}, median of {m['runs']} run{'s' if m['runs'] != 1 else ''}\n"
                 f"{m['date'][:10]} · {mc['nproc']} CPUs ({mc['cpu']}) · kwx {m['versions'].get('kwx_git', '?')} · "
                 f"load average {fmt_load(m.get('loadavg_start'))} → {fmt_load(m.get('loadavg_end'))}",
                 fontsize=13)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def report(data, work):
    stem = TASKS[task_of(data['meta'])]['stem']
    summ = summarize(data)
    data['summary'] = summ
    md = markdown(data, summ)
    with open(os.path.join(work, f'{stem}.md'), 'w', encoding='utf-8') as f:
        f.write(md)
    with open(os.path.join(work, f'{stem}.json'), 'w', encoding='utf-8') as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
    print(md, end='')
    try:
        chart(data, summ, os.path.join(work, f'{stem}.png'))
        print(f"\n(written: {os.path.join(work, f'{stem}.md')}, {stem}.json, {stem}.png)")
    except ImportError as e:
        log(f'compare.py: no chart ({e}); install python3-matplotlib')
        print(f"\n(written: {os.path.join(work, f'{stem}.md')}, {stem}.json; no chart)")


def main():
    ap = argparse.ArgumentParser(description='kwx vs its peers, side by side (see bench/README.md)')
    ap.add_argument('--work', required=True)
    ap.add_argument('--task', choices=sorted(TASKS), default='extract',
                    help='extract: extract_tags topK=100 (default); pos: posseg.lcut; textrank: textrank topK=20')
    ap.add_argument('--kwx')
    ap.add_argument('--corpus', action='append', default=[])
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--jobs', type=int, default=os.cpu_count())
    ap.add_argument('--tools', default=None,
                    help=f"comma-separated subset of {','.join(TOOL_ORDER)} (default: all that can do the task)")
    ap.add_argument('--report-only', action='store_true')
    a = ap.parse_args()
    work = os.path.abspath(a.work)
    unsupported = TASKS[a.task]['unsupported']
    if a.report_only:
        with open(os.path.join(work, f"{TASKS[a.task]['stem']}.json"), encoding='utf-8') as f:
            data = json.load(f)
        report(data, work)
        return
    if a.tools is None:  # every tool; those that cannot do the task get a row saying why
        a.tools_asked = list(TOOL_ORDER)
        a.tools = [t for t in TOOL_ORDER if t not in unsupported]
    else:
        a.tools = [t.strip() for t in a.tools.split(',') if t.strip()]
        bad = [t for t in a.tools if t not in TOOL_ORDER]
        if bad or not a.tools:
            ap.error(f"unknown tool(s) {','.join(bad)}; choose from {','.join(TOOL_ORDER)}")
        cannot = [t for t in a.tools if t in unsupported]
        if cannot:
            ap.error('; '.join(f'{t} cannot do --task {a.task}: {unsupported[t]}' for t in cannot))
        a.tools_asked = list(a.tools)
    if not a.kwx or not a.corpus:
        ap.error('--kwx and at least one --corpus are needed')
    if a.runs < 1:
        ap.error('--runs must be at least 1')
    a.kwx = os.path.abspath(a.kwx)
    a.corpus = [os.path.abspath(c) for c in a.corpus]
    data = run_all(a)
    report(data, work)


if __name__ == '__main__':
    main()
