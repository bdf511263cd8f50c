"""Ctrl-C during a batch call: KeyboardInterrupt from inside the call, the pipeline stopped, the
process still usable, and no output file left by extract_file.

The workloads would take minutes to finish; the subprocess timeouts are far shorter, so an
interrupt that is not honoured fails the test (as a timeout) rather than passing slowly."""
import os
import signal
import subprocess
import sys
import textwrap
import time

# Python installs its SIGINT handler only if SIGINT is not ignored, and a shell running ctest in
# the background ignores it: install it explicitly.
PRELUDE = textwrap.dedent('''
    import signal, sys, time, traceback
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import kwx
''')


def start(code):
    return subprocess.Popen([sys.executable, '-c', PRELUDE + textwrap.dedent(code)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_ready(proc):
    line = proc.stdout.readline()
    assert line == 'ready\n', line + proc.stderr.read()


def test_sigint_interrupts_extract_tags_batch():
    proc = start('''
        text = '我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。' * 300
        lines = [text] * 2000000          # one str many times: little memory, hours of work
        small = ['北京欢迎你', text]
        expected = [kwx.analyse.extract_tags(s) for s in small]
        print('ready', flush=True)
        try:
            kwx.analyse.extract_tags_batch(lines, topK=100, jobs=2)
            print('finished')
        except KeyboardInterrupt:
            frames = traceback.extract_tb(sys.exc_info()[2])
            print('KeyboardInterrupt in', frames[-1].name)
        # Everything stopped and joined: the module still works in this process.
        print('after', kwx.analyse.extract_tags_batch(small, jobs=2) == expected)
    ''')
    wait_ready(proc)
    try:
        time.sleep(0.5)                   # well inside the batch call
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert out.splitlines() == ['KeyboardInterrupt in extract_tags_batch', 'after True']


def test_sigint_interrupts_extract_file_and_leaves_no_output(tmp_path):
    # Input from a FIFO that the test keeps open: the run waits for more lines until interrupted.
    fifo = tmp_path / 'input.fifo'
    os.mkfifo(fifo)
    out = tmp_path / 'out' / 'tags.txt'
    out.parent.mkdir()
    proc = start('''
        print('ready', flush=True)
        try:
            kwx.extract_file(%r, out=%r, jobs=2)
            print('finished')
        except KeyboardInterrupt:
            print('KeyboardInterrupt')
    ''' % (str(fifo), str(out)))
    wait_ready(proc)
    try:
        with open(fifo, 'w', encoding='utf-8') as writer:
            writer.write('北京欢迎你\n' * 1000)
            writer.flush()
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
            out_text, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert out_text.splitlines() == ['KeyboardInterrupt']
    assert os.listdir(out.parent) == []
