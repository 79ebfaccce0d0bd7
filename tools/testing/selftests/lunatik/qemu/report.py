#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Read what a test guest left in OUTDIR (console.log: the kernel log;
# results.log: test output, see init.sh) and print one line per result:
#
#	PASS <name>
#	FAIL <name>: <why>
#	SKIP <name>: <why>
#
# KUnit results come from the kernel log, parsed by the kernel's own
# tools/testing/kunit parser; kselftest results from the KTAP the runner
# wrote. Any kernel splat in the log is a failure, and so is a guest that
# did not power off by itself.
#
# usage: report.py KDIR OUTDIR BOOT-EXIT-STATUS

import os
import re
import sys

SPLATS = [
    r'BUG:',
    r'WARNING:',
    r'KASAN:',
    r'UBSAN:',
    r'kernel BUG at',
    r'Oops',
    r'Kernel panic',
    r'general protection fault',
    r'sleeping function called from invalid context',
    r'soft lockup',
    r'hard LOCKUP',
    r'rcu: INFO:',
    r'INFO: task .* blocked for more than',
    r'possible recursive locking',
    r'circular locking dependency',
    r'inconsistent lock state',
    r'stack-protector',
    r'Call Trace:',
]
SPLAT_RE = re.compile('|'.join(SPLATS))
TIMESTAMP = re.compile(r'^\[\s*\d+\.\d+\]\s?')


def emit(status, name, why=None):
    name = ' '.join(name.split())
    print(f'{status} {name}' + (f': {why}' if why else ''))


def read_lines(path):
    try:
        with open(path, errors='replace') as f:
            return [line.rstrip('\r\n').replace('\r', '') for line in f]
    except FileNotFoundError:
        return []


def tail(lines, n=25):
    return '\n'.join('    | ' + line for line in lines[-n:])


def kunit_leaves(test, path=()):
    """The test cases (and parameters) of a parsed KUnit run."""
    if not test.subtests:
        yield path + (test.name,), test
        return
    for sub in test.subtests:
        yield from kunit_leaves(sub, path + ((test.name,) if test.name else ()))


def report_kunit(kdir, console, outdir):
    sys.path.insert(0, os.path.join(kdir, 'tools/testing/kunit'))
    import kunit_parser
    import kunit_printer

    # the suites built in run at boot, before init: one segment, if any;
    # then one segment of the log per KUnit module that init.sh loaded
    boot = []
    for line in console:
        if re.search(r'Run \S+ as init process', line):
            break
        boot.append(line)
    segments = [('built-in', boot)] if any('# Subtest:' in l for l in boot) else []
    for line in console:
        m = re.search(r'lunatik-harness: kunit (\S+)', line)
        if m:
            segments.append((m.group(1), []))
        elif segments:
            segments[-1][1].append(line)

    with open(os.path.join(outdir, 'kunit.txt'), 'w') as log:
        kunit_parser.stdout = kunit_printer.Printer(log)
        for module, lines in segments:
            test = kunit_parser.parse_run_tests(lines)
            ok = kunit_parser.TestStatus
            leaves = list(kunit_leaves(test))
            if test.status in (ok.FAILURE_TO_PARSE_TESTS, ok.NO_TESTS) or \
                    not leaves:
                emit('FAIL', f'kunit {module}', 'no KUnit results in the log')
                continue
            for path, case in leaves:
                # the root of the parsed run is not a test of ours
                name = 'kunit ' + '.'.join(p for p in path[1:] if p)
                if case.status == ok.SUCCESS:
                    emit('PASS', name)
                elif case.status == ok.SKIPPED:
                    emit('SKIP', name, ' '.join(case.log[-1:]) or 'skipped')
                else:
                    why = case.status.name.lower()
                    detail = [l.strip() for l in case.log if '#' in l or
                              'Expected' in l or 'expected' in l]
                    emit('FAIL', name, why + ('; ' + ' | '.join(detail[-4:])
                                              if detail else ''))


KTAP_RESULT = re.compile(
    r'^(?P<indent>(?:# )*)(?P<ok>not ok|ok) (?P<num>\d+)(?: -)? '
    r'(?P<desc>.*?)(?:\s+#\s*(?P<dir>SKIP|TODO|TIMEOUT)\b\s*(?P<why>.*))?$')


def report_kselftest(results):
    lines = section(results, 'kselftest')
    if lines is None:
        return
    program = None
    inner = {'pass': 0, 'fail': 0}
    any_result = False
    for line in lines:
        m = re.match(r'^# selftests: (\S+): (\S+)', line)
        if m:
            program = f'{m.group(1)}/{m.group(2)}'
            inner = {'pass': 0, 'fail': 0}
            continue
        m = KTAP_RESULT.match(line)
        if not m:
            continue
        depth = len(m.group('indent')) // 2
        desc = m.group('desc')
        if depth == 1 and program:
            name = f'kselftest {program}: {desc}'
            if m.group('dir') == 'SKIP':
                emit('SKIP', name, m.group('why') or 'skipped')
            elif m.group('ok') == 'ok':
                emit('PASS', name)
                inner['pass'] += 1
            else:
                emit('FAIL', name, 'not ok')
                inner['fail'] += 1
            any_result = True
        elif depth == 0 and desc.startswith('selftests:'):
            name = 'kselftest ' + desc.replace('selftests: ', '', 1).replace(': ', '/', 1)
            if m.group('ok') == 'not ok' and inner['fail'] == 0:
                emit('FAIL', name, (m.group('dir') or 'exit') + ' ' +
                     (m.group('why') or 'non-zero'))
            elif m.group('dir') == 'SKIP' and inner['pass'] == 0:
                emit('SKIP', name, m.group('why') or 'skipped')
            elif inner['pass'] == 0 and inner['fail'] == 0 and \
                    m.group('ok') == 'ok':
                emit('PASS', name)
            any_result = True
            program = None
    if not any_result:
        emit('FAIL', 'kselftest', 'no results')


def section(results, name):
    begin = f'lunatik-harness: {name} begin'
    end = f'lunatik-harness: {name} end'
    if begin not in results:
        return None
    i = results.index(begin)
    j = results.index(end) if end in results else len(results)
    return results[i + 1:j]


def report_kmemleak(results):
    lines = section(results, 'kmemleak')
    if lines is None:
        return
    leaks = [l for l in lines if l.startswith('unreferenced object')]
    if leaks:
        emit('FAIL', 'kmemleak', f'{len(leaks)} suspected leaks: ' +
             ' | '.join(leaks[:3]))
    else:
        emit('PASS', 'kmemleak: no leak suspected')


def report_splats(console):
    """One failure per report: the lines that follow a splat (its call
    trace, its registers) belong to it."""
    seen = []
    last = -100
    for i, line in enumerate(console):
        text = TIMESTAMP.sub('', line)
        if not SPLAT_RE.search(text):
            continue
        if i - last > 40 and text not in seen:
            seen.append(text)
            context = '\n'.join('    | ' + l for l in console[i:i + 12])
            emit('FAIL', f'kernel log: {text}', '\n' + context)
        last = i
    if not seen:
        emit('PASS', 'kernel log: no BUG, WARNING, KASAN, UBSAN, lockdep '
             'or lockup report')


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: report.py KDIR OUTDIR BOOT-EXIT-STATUS')
    kdir, outdir, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
    console = read_lines(os.path.join(outdir, 'console.log'))
    results = read_lines(os.path.join(outdir, 'results.log'))

    finished = 'lunatik-harness: done' in results
    if status == 124:
        emit('FAIL', 'guest', 'timed out and was killed; console tail:\n' +
             tail(console))
    elif not finished:
        emit('FAIL', 'guest', f'stopped before the end (exit {status}); '
             'console tail:\n' + tail(console))
    else:
        emit('PASS', 'guest: booted, ran the tests and powered off')
    for line in results:
        if line.startswith('lunatik-harness:') and 'failed' in line:
            emit('FAIL', 'guest', line)

    report_kunit(kdir, console, outdir)
    report_kselftest(results)
    report_kmemleak(results)
    report_splats(console)


if __name__ == '__main__':
    main()
