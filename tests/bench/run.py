# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the benchmarks against floors measured in the same run; see build-aux/bench.

Each figure is a median over several runs, printed with its floor, the ratio,
the target and whether it is met; the report goes to OUT/report.txt.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

ARGS = None
RESULTS = []        # (benchmark, figure, value, unit, floor, ratio, target, met)
LOG = []


def say(text):
    print(text, flush=True)
    LOG.append(text)


def build(*parts):
    return os.path.join(ARGS.build_dir, *parts)


def run(cmd, env=None, timeout=900, check=True):
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and out.returncode != 0:
        raise RuntimeError('%s failed (%d): %s' % (cmd[0], out.returncode, out.stderr[-2000:]))
    return out.stdout


def figures(text):
    values = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                values[parts[0]] = float(parts[1])
            except ValueError:
                values[parts[0]] = parts[1]
    return values


def record(bench, figure, value, unit, floor, target_text, met, ratio=None):
    if ratio is None and floor:
        ratio = value / floor
    RESULTS.append((bench, figure, value, unit, floor, ratio, target_text, met))
    say('  %-34s %10.2f %-6s floor %10s  ratio %6s  target %-22s %s' % (
        figure, value, unit, '%.2f' % floor if floor is not None else '-',
        '%.2f' % ratio if ratio is not None else '-', target_text, 'met' if met else 'MISSED'))


def med(values):
    return statistics.median(values)


class Server:
    """eoc-server on 127.0.0.1, port 0, with its own data directory."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.proc = None
        self.url = None

    def add_user(self):
        return run([build('src', 'server', 'eoc-server'), '--data-dir', self.data_dir,
                    'user', 'add', 'bench', '--role', 'admin']).strip()

    def start(self):
        self.proc = subprocess.Popen([build('src', 'server', 'eoc-server'), '--data-dir',
                                      self.data_dir, '--listen', '127.0.0.1:0',
                                      '--apply-delay', '0'],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        self.url = line.strip().split()[-1].rstrip('/')
        return self

    def stop(self):
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(30)
            self.proc = None

    def status_kib(self, field):
        with open('/proc/%d/status' % self.proc.pid) as f:
            for line in f:
                if line.startswith(field + ':'):
                    return int(line.split()[1])
        return 0

    def reset_peak(self):
        with open('/proc/%d/clear_refs' % self.proc.pid, 'w') as f:
            f.write('5')


def api(server, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(server.url + '/api/v1' + path, data=data, method=method)
    req.add_header('Authorization', 'Bearer ' + token)
    if data is not None:
        req.add_header('Content-Type', 'application/json')
    with urllib.request.urlopen(req, timeout=60) as resp:
        text = resp.read()
        return json.loads(text) if text else None


def make_environments(server, token, count):
    for i in range(count):
        api(server, token, 'POST', '/environments',
            {'name': 'bench-%03d' % i, 'type': 'non_production', 'version': '2.0.0',
             'description': 'Benchmark environment %d' % i})
    envs = api(server, token, 'GET', '/environments')['environments']
    return {e['name']: e['id'] for e in envs}


def app_env(token):
    env = dict(os.environ)
    env['EOC_TOKEN'] = token
    return env


def timed_exec(cmd, env):
    """Runs cmd with EOC_BENCH_T0 set to the monotonic clock just before exec."""
    env = dict(env)
    env['EOC_BENCH_T0'] = str(int(time.clock_gettime(time.CLOCK_MONOTONIC) * 1e6))
    return figures(run(cmd, env=env, timeout=120))


# Benchmarks.

def bench_startup(url, token):
    say('\nstart-up: eoc-center --server URL (50 environments) to its first filled frame, '
        'against a minimal libadwaita window')
    env = app_env(token)
    floors, apps, anys = [], [], []
    # The 100,000 backups written just before are still going to disk: let them, so that the
    # writeback does not land in some runs and not others.
    os.sync()
    time.sleep(1)
    timed_exec([build('tests', 'bench', 'bench-minimal')], env)   # warm the caches
    timed_exec([build('tests', 'bench', 'bench-app'), 'startup', url, '50'], env)
    # Each run takes a fraction of a second and this is the noisiest figure: more runs.
    for _ in range(ARGS.startup_runs):
        floors.append(timed_exec([build('tests', 'bench', 'bench-minimal')], env)['first_frame_ms'])
        f = timed_exec([build('tests', 'bench', 'bench-app'), 'startup', url, '50'], env)
        apps.append(f['first_frame_ms'])
        anys.append(f['any_frame_ms'])
    say('  runs: floor %s, app %s (its first frame of any kind: %s)' % (floors, apps, anys))
    record('start-up', 'first frame of any kind', med(anys), 'ms', med(floors), '(for diagnosis)',
           True)
    floor, value = med(floors), med(apps)
    record('start-up', 'first filled frame', value, 'ms', floor, '<= 1.25 x floor',
           value <= 1.25 * floor)


def bench_lists(url, token, ids):
    say('\nbig lists: select an environment with 100,000 backups until its rows are painted, '
        'then scroll through all')
    env = app_env(token)
    app = build('tests', 'bench', 'bench-app')
    floors, bigs = [], []
    for _ in range(ARGS.runs):
        floors.append(figures(run([app, 'lists', url, ids['small'], '10'], env=env,
                                  timeout=120))['first_rows_ms'])
        bigs.append(figures(run([app, 'lists', url, ids['big'], '100000'], env=env,
                                timeout=120))['first_rows_ms'])
    say('  runs: floor (10 backups) %s, 100,000 backups %s' % (floors, bigs))
    floor, value = med(floors), med(bigs)
    record('big lists', 'first backup rows', value, 'ms', floor, '<= 1.5 x floor',
           value <= 1.5 * floor)

    # Scrolling through 100,000 rows takes minutes on this app: once unless asked for more.
    scrolls = []
    for _ in range(ARGS.scroll_runs):
        scrolls.append(figures(run([app, 'lists', url, ids['big'], '100000', 'scroll'], env=env,
                                   timeout=900)))
    for s in scrolls:
        say('  scroll run: %d rows in %.0f ms, %d frames, longest %.1f ms, p99 %.1f ms, '
            '%d over 50 ms, memory %d -> %d KiB' % (
                s['scroll_rows'], s['scroll_ms'], s['scroll_frames'], s['scroll_max_frame_ms'],
                s['scroll_p99_frame_ms'], s['scroll_slow_frames'], s['rss_before_kib'],
                s['rss_after_kib']))
    grown = med([(s['rss_after_kib'] - s['rss_before_kib']) / 1024 for s in scrolls])
    record('big lists', 'memory after scrolling', grown, 'MiB', None, '<= 200 MiB above before',
           grown <= 200)
    longest = med([s['scroll_max_frame_ms'] for s in scrolls])
    record('big lists', 'longest frame scrolling', longest, 'ms', None, '<= 50 ms', longest <= 50)
    rows = min(s['scroll_rows'] for s in scrolls)
    record('big lists', 'rows reached', rows, 'rows', None, '100000', rows >= 100000)
    return scrolls


def make_big_configuration(path, size):
    small = path + '.small.zip'
    run([build('tests', 'bench', 'bench-tool'), 'manifest', small, '2.0.0'])
    with zipfile.ZipFile(small) as z:
        manifest = z.read('manifest.json')
    os.unlink(small)
    chunk = 8 * 1024 * 1024
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED, allowZip64=True) as z:
        z.writestr('manifest.json', manifest)
        z.writestr('files/README', b'A benchmark configuration: one large file.\n')
        with z.open('files/data/large.bin', 'w', force_zip64=True) as f:
            left = size
            while left > 0:
                n = min(chunk, left)
                f.write(os.urandom(n))
                left -= n


def bench_upload(server, token, env_id, work):
    say('\nupload: a 1 GiB configuration file through the client library, against curl and '
        'sha256sum')
    path = os.path.join(work, 'large.zip')
    make_big_configuration(path, ARGS.upload_mib * 1024 * 1024)
    size = os.path.getsize(path)
    say('  file: %d bytes' % size)
    env = app_env(token)
    url = server.url
    endpoint = '%s/api/v1/environments/%s/uploads?filename=large.zip' % (url, env_id)

    def curl_upload():
        t = time.monotonic()
        out = run(['curl', '-sS', '-o', os.path.join(work, 'curl.json'), '-w', '%{http_code}',
                   '-X', 'POST', '-T', path, '-H', 'Content-Type: application/zip',
                   '-H', 'Authorization: Bearer ' + token, endpoint], timeout=600)
        elapsed = (time.monotonic() - t) * 1000
        if out.strip() != '201':
            raise RuntimeError('curl upload answered %s' % out)
        discard(json.load(open(os.path.join(work, 'curl.json')))['id'])
        return elapsed

    def discard(upload_id):
        # Uploads wait for an import: drop them, so that the per-user limit is never reached.
        api(server, token, 'DELETE', '/environments/%s/uploads/%s' % (env_id, upload_id))

    curls, clients, sums, validations = [], [], [], []
    client_mem, service_mem, validate_mem = [], [], []
    run(['sha256sum', path])                        # into the page cache
    curl_upload()                                   # and warm the service
    for _ in range(ARGS.slow_runs):
        t = time.monotonic()
        run(['sha256sum', path])
        sums.append((time.monotonic() - t) * 1000)

        # Both timed from outside, exec to exit.
        curls.append(curl_upload())

        idle = server.status_kib('VmRSS')
        server.reset_peak()
        t = time.monotonic()
        c = figures(run([build('tests', 'bench', 'bench-client'), 'upload', url, env_id, path],
                        env=env, timeout=600))
        clients.append((time.monotonic() - t) * 1000)
        service_mem.append((server.status_kib('VmHWM') - idle) / 1024)
        client_mem.append(c['upload_rss_kib'] / 1024)
        discard(c['upload_id'])

        v = figures(run([build('tests', 'bench', 'bench-tool'), 'validate', path], timeout=600))
        validations.append(v['validate_ms'])
        validate_mem.append(v['validate_rss_kib'] / 1024)

    say('  runs: curl %s ms, client %s ms, sha256sum %s ms, validation %s ms' % (
        [round(x) for x in curls], [round(x) for x in clients], [round(x) for x in sums],
        [round(x) for x in validations]))
    floor, value = med(curls), med(clients)
    record('upload', 'client upload (1 GiB)', value, 'ms', floor, '<= 1.25 x curl',
           value <= 1.25 * floor)
    floor, value = med(sums), med(validations)
    record('upload', 'service validation', value, 'ms', floor, '<= 1.5 x sha256sum',
           value <= 1.5 * floor)
    value = med(client_mem)
    record('upload', 'client memory above idle', value, 'MiB', None, '< 64 MiB', value < 64)
    value = med(service_mem)
    record('upload', 'service memory above idle', value, 'MiB', None, '< 64 MiB', value < 64)
    os.unlink(path)


def wrk(url, token, seconds):
    out = run(['wrk', '-t1', '-c16', '-d%ds' % seconds, '--latency',
               '-H', 'Authorization: Bearer ' + token, url], timeout=120)
    rps = float(re.search(r'Requests/sec:\s+([\d.]+)', out).group(1))
    m = re.search(r'99%\s+([\d.]+)(us|ms|s)\b', out)
    p99 = float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[m.group(2)]
    errors = re.search(r'Non-2xx or 3xx responses: (\d+)', out)
    if errors:
        raise RuntimeError('wrk got errors from %s: %s' % (url, errors.group(1)))
    return rps, p99


NGINX_CONF = """
worker_processes auto;
daemon off;
pid %(dir)s/nginx.pid;
error_log %(dir)s/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %(dir)s/body;
  proxy_temp_path %(dir)s/proxy;
  fastcgi_temp_path %(dir)s/fastcgi;
  uwsgi_temp_path %(dir)s/uwsgi;
  scgi_temp_path %(dir)s/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:%(port)d;
    root %(dir)s/www;
    default_type application/json;
  }
}
"""


def bench_service(server, token, big_id, work):
    say('\nservice: wrk, 16 connections on loopback, against nginx serving the same bytes')
    nginx_dir = os.path.join(work, 'nginx')
    os.makedirs(os.path.join(nginx_dir, 'www'), exist_ok=True)
    # nginx's workers drop root: let them read the files.
    for d in (work, nginx_dir, os.path.join(nginx_dir, 'www')):
        os.chmod(d, 0o755)
    paths = {'environments (100)': '/api/v1/environments',
             'backups page (100)': '/api/v1/environments/%s/backups?limit=100' % big_id}
    files = {}
    for i, (name, path) in enumerate(paths.items()):
        req = urllib.request.Request(server.url + path)
        req.add_header('Authorization', 'Bearer ' + token)
        body = urllib.request.urlopen(req).read()
        files[name] = 'r%d.json' % i
        with open(os.path.join(nginx_dir, 'www', files[name]), 'wb') as f:
            f.write(body)
        say('  %s: %d bytes' % (name, len(body)))
    port = 18000 + os.getpid() % 1000
    with open(os.path.join(nginx_dir, 'nginx.conf'), 'w') as f:
        f.write(NGINX_CONF % {'dir': nginx_dir, 'port': port})
    nginx = subprocess.Popen(['nginx', '-c', os.path.join(nginx_dir, 'nginx.conf'), '-e',
                              os.path.join(nginx_dir, 'error.log')],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    soups = {}
    try:
        # The stack's own ceiling: a bare SoupServer with the same bytes (tests/bench/bench-soup.c).
        for name in paths:
            soups[name] = subprocess.Popen([build('tests', 'bench', 'bench-soup'),
                                            os.path.join(nginx_dir, 'www', files[name])],
                                           stdout=subprocess.PIPE, text=True)
            soups[name].url = soups[name].stdout.readline().strip()
        for name, path in paths.items():
            floor_rps, floor_p99, soup_rps, rps, p99 = [], [], [], [], []
            for _ in range(ARGS.slow_runs):
                r, p = wrk('http://127.0.0.1:%d/%s' % (port, files[name]), token, ARGS.wrk_seconds)
                floor_rps.append(r)
                floor_p99.append(p)
                soup_rps.append(wrk(soups[name].url + '/', token, ARGS.wrk_seconds)[0])
                r, p = wrk(server.url + path, token, ARGS.wrk_seconds)
                rps.append(r)
                p99.append(p)
            say('  %s runs: nginx %s req/s, bare libsoup %s req/s, service %s req/s, '
                'service p99 %s ms' % (name, [round(x) for x in floor_rps],
                                       [round(x) for x in soup_rps], [round(x) for x in rps],
                                       [round(x, 2) for x in p99]))
            floor, value = med(floor_rps), med(rps)
            record('service', name + ' req/s', value, 'req/s', floor, '>= 0.5 x nginx',
                   value >= 0.5 * floor)
            # Not a target: how far the stack itself goes (the service against it: value / this).
            record('service', name + ' bare libsoup', med(soup_rps), 'req/s', floor,
                   'none: the stack alone', True)
            value = med(p99)
            record('service', name + ' p99', value, 'ms', med(floor_p99), '< 10 ms', value < 10)
    finally:
        for soup in soups.values():
            soup.terminate()
            soup.wait(10)
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(10)


def bench_live(url, token):
    say('\nlive: a status change made by another client until the row shows it, against a '
        'WebSocket ping on the same connection')
    env = app_env(token)
    lives, pings = [], []
    for _ in range(ARGS.slow_runs):
        f = figures(run([build('tests', 'bench', 'bench-app'), 'live', url, '5'], env=env,
                        timeout=300))
        lives.append(f['live_ms'])
        pings.append(f['ping_ms'])
    say('  runs (medians of 10 changes each): change shown %s ms, ping %s ms' % (lives, pings))
    floor, value = med(pings), med(lives)
    record('live', 'change to row shown', value, 'ms', floor, '< 100 ms', value < 100)


def bench_events(url, token, in_memory):
    say('\nmany events: 1,000 status changes a second for 10 s pushed to the app')
    if in_memory:
        say('  (the service\'s data on tmpfs: on this disk each durable commit waits about 2 ms '
            'for fsync, and the service reaches about 460 changes a second there)')
    env = app_env(token)
    # stderr to a file: a pipe nobody reads would fill and stop the app's main loop.
    errors = tempfile.TemporaryFile(mode='w+')
    app = subprocess.Popen([build('tests', 'bench', 'bench-app'), 'events', url,
                            str(ARGS.storm_seconds + 1)], env=env, stdout=subprocess.PIPE,
                           stderr=errors, text=True)
    for line in app.stdout:                     # after gtk_test_init's "# random seed"
        if line.strip() == 'ready':
            break
    else:
        errors.seek(0)
        raise RuntimeError('bench-app events did not start: ' + errors.read())
    # Each stop or start is two status changes (stopping then offline, starting then operational).
    storm = figures(run([build('tests', 'bench', 'bench-client'), 'storm', url, '500',
                         str(ARGS.storm_seconds)], env=env, timeout=120))
    out, _ = app.communicate(timeout=120)
    errors.close()
    f = figures(out)
    changes = storm['storm_ops'] * 2 / storm['storm_seconds']
    say('  %d operations accepted (%d refused) in %.1f s: %.0f status changes a second; '
        'app: %d frames, longest %.1f ms, %d over 50 ms; %d of %d environments wrong, '
        '%d of %d rows on screen wrong' % (
            storm['storm_ops'], storm['storm_refused'], storm['storm_seconds'], changes,
            f['events_frames'], f['events_max_frame_ms'], f['events_slow_frames'],
            f['events_wrong'], f['events_environments'], f['events_rows_wrong'],
            f['events_rows_checked']))
    record('many events', 'status changes a second', changes, '/s', None, '1000 for 10 s',
           changes >= 950)
    record('many events', 'longest frame', f['events_max_frame_ms'], 'ms', None, '<= 50 ms',
           f['events_max_frame_ms'] <= 50)
    record('many events', 'wrong rows at the end', f['events_wrong'] + f['events_rows_wrong'],
           '', None, '0', f['events_wrong'] + f['events_rows_wrong'] == 0)


def write_report(started):
    lines = ['Env Ops Center benchmarks, %s, %s' % (time.strftime('%Y-%m-%d %H:%M'),
                                                    os.uname().nodename),
             'Command: build-aux/bench %s' % ' '.join(sys.argv[1:][4:]),
             'Medians of %d runs (%d for start-up, %d where slow); ratios against floors from '
             'the same run.' % (ARGS.runs, ARGS.startup_runs, ARGS.slow_runs), '',
             '| benchmark | figure | value | floor | ratio | target | met |',
             '| --- | --- | --- | --- | --- | --- | --- |']
    for bench, fig, value, unit, floor, ratio, target, met in RESULTS:
        lines.append('| %s | %s | %.2f %s | %s | %s | %s | %s |' % (
            bench, fig, value, unit, '%.2f' % floor if floor is not None else '-',
            '%.2f' % ratio if ratio is not None else '-', target, 'yes' if met else '**no**'))
    lines += ['', 'Took %.0f s.' % (time.monotonic() - started), '', 'Log:'] + LOG
    with open(os.path.join(ARGS.out, 'report.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines[:len(RESULTS) + 7]))
    print('Report: %s' % os.path.join(ARGS.out, 'report.txt'))


def plot(scrolls):
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        return
    ratios = [(b + ': ' + f, r) for b, f, v, u, fl, r, t, m in RESULTS if r is not None]
    if not ratios:
        return
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(ratios) + 1.5))
    ax.barh([n for n, _ in ratios], [r for _, r in ratios], color='#3584e4')
    ax.axvline(1.0, color='black', linewidth=0.8)
    ax.set_xlabel('ratio to the floor measured in the same run (1.0 = the floor)')
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(os.path.join(ARGS.out, 'report.png'), dpi=100)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument('--build-dir', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--quick', action='store_true', help='fewer runs, smaller upload')
    parser.add_argument('--only', default='startup,lists,upload,service,live,events')
    parser.add_argument('--scroll-runs', type=int, default=3,
                        help='times to scroll through 100,000 backups (about 10 s each)')
    ARGS = parser.parse_args()
    ARGS.runs, ARGS.slow_runs = (5, 3) if not ARGS.quick else (2, 1)
    ARGS.startup_runs = 11 if not ARGS.quick else 3
    ARGS.upload_mib = 1024 if not ARGS.quick else 256
    ARGS.wrk_seconds = 5 if not ARGS.quick else 3
    ARGS.storm_seconds = 10
    only = set(ARGS.only.split(','))
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix='eoc-bench-')
    servers = []
    scrolls = None
    try:
        # 50 environments for start-up.
        small = Server(os.path.join(work, 'data-50'))
        token = small.add_user()
        servers.append(small.start())
        make_environments(small, token, 50)

        # 100 environments, one with 100,000 backups and one with 10, for the rest.
        big = Server(os.path.join(work, 'data-100'))
        big_token = big.add_user()
        big.start()
        ids = make_environments(big, big_token, 100)
        big.stop()
        db = os.path.join(big.data_dir, 'eoc.db')
        run([build('tests', 'bench', 'bench-tool'), 'fill-backups', db, ids['bench-050'],
             '100000'])
        run([build('tests', 'bench', 'bench-tool'), 'fill-backups', db, ids['bench-051'], '10'])
        servers.append(big.start())
        lists_ids = {'big': ids['bench-050'], 'small': ids['bench-051']}

        if 'startup' in only:
            bench_startup(small.url, token)
        if 'service' in only:
            bench_service(big, big_token, ids['bench-050'], work)
        if 'lists' in only:
            scrolls = bench_lists(big.url, big_token, lists_ids)
        if 'live' in only:
            bench_live(big.url, big_token)
        if 'events' in only:
            # The burst needs the service to commit 1,000 changes a second, each durable
            # (synchronous=FULL): on this machine's disk an fsync costs about 2 ms, which caps
            # it near 460 a second whatever the code does. The burst measures the app, so its
            # service keeps its data in memory (tmpfs), where commits cost only the code's time.
            shm = '/dev/shm' if os.path.isdir('/dev/shm') else None
            burst = Server(tempfile.mkdtemp(prefix='eoc-bench-events-', dir=shm))
            burst_token = burst.add_user()
            servers.append(burst.start())
            make_environments(burst, burst_token, 100)
            try:
                bench_events(burst.url, burst_token, shm is not None)
            finally:
                burst.stop()
                shutil.rmtree(burst.data_dir, ignore_errors=True)
        if 'upload' in only:
            bench_upload(big, big_token, ids['bench-002'], work)
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)
    write_report(started)
    plot(scrolls)


if __name__ == '__main__':
    main()
