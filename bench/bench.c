// SPDX-License-Identifier: GPL-2.0
/*
 * Guest side of `make bench`: the release path of task containers ("c",
 * mounted at /mnt/c) against cgroup v1 ("g", a named hierarchy with no
 * controllers at /mnt/g), on the same work in the same boot. The agents
 * (bench/agent.c) log to /tmp/bench/agent.log; results are printed as
 * "BENCH ..." lines that scripts/bench.sh parses.
 *
 *   bench latency N        N releases per side, interleaved c, g, u
 *                          (u: fork+exec of the agent from userspace)
 *   bench mass SIDE N      N containers with one task each, all killed at
 *                          once; time until every agent ran, lost, dups
 *   bench forkexit N R CONFIG...
 *                          R rounds of N fork+exit+wait, per CONFIG in
 *                          turn: c (in a notify_on_release container),
 *                          g (in such a v1 cgroup), r (in the roots)
 *   bench mkdir N R        R rounds of N mkdir then N rmdir, per side
 *   bench mem N R          slab + percpu growth for N empty children
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LOG_DIR "/tmp/bench"
#define LOG_PATH LOG_DIR "/agent.log"

static const char *side_root(char side)
{
	return side == 'c' ? "/mnt/c" : "/mnt/g";
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(errno));
	va_end(ap);
	exit(1);
}

static void write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, s, strlen(s)) < 0)
		die("write %s to %s", s, path);
	close(fd);
}

static void write_fmt(const char *val, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	write_str(path, val);
}

static void join(const char *dir, pid_t pid)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", pid);
	write_fmt(buf, "%s/tasks", dir);
}

static void mkdir_fmt(const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (mkdir(path, 0755) && errno != EEXIST)
		die("mkdir %s", path);
}

static void rmdir_fmt(const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (rmdir(path))
		die("rmdir %s", path);
}

/* The agents' log, read as it grows */

static struct {
	int fd, ifd;
	char buf[1 << 16];
	size_t len;
} lg;

static void log_reset(void)
{
	if (lg.fd > 0)
		close(lg.fd);
	if (lg.ifd > 0)
		close(lg.ifd);
	mkdir(LOG_DIR, 0755);
	lg.fd = open(LOG_PATH, O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (lg.fd < 0)
		die("open %s", LOG_PATH);
	lg.ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (lg.ifd < 0 || inotify_add_watch(lg.ifd, LOG_PATH, IN_MODIFY) < 0)
		die("inotify on %s", LOG_PATH);
	lg.len = 0;
}

/*
 * Next agent line; waits up to @timeout_ms for one. Returns 1 with
 * @side, @path (PATH_MAX) and @ts filled in, 0 on timeout.
 */
static int log_next(int timeout_ms, char *side, char *path, long long *ts)
{
	long long deadline = now_ns() + timeout_ms * 1000000LL;

	for (;;) {
		char *nl = memchr(lg.buf, '\n', lg.len);
		struct pollfd pfd = { .fd = lg.ifd, .events = POLLIN };
		char ev[4096];
		long long left;
		ssize_t n;

		if (nl) {
			*nl = '\0';
			if (sscanf(lg.buf, "%c %4095s %lld", side, path, ts) != 3)
				*side = '?';
			lg.len -= nl + 1 - lg.buf;
			memmove(lg.buf, nl + 1, lg.len);
			return 1;
		}
		n = read(lg.fd, lg.buf + lg.len, sizeof(lg.buf) - lg.len - 1);
		if (n > 0) {
			lg.len += n;
			continue;
		}
		left = deadline - now_ns();
		if (left <= 0)
			return 0;
		/* wake at least every 100 ms, in case an event was lost */
		poll(&pfd, 1, left > 100000000 ? 100 : left / 1000000 + 1);
		while (read(lg.ifd, ev, sizeof(ev)) > 0)
			;
	}
}

/* Wait for the agent line of @side and @path, give its timestamp */
static long long wait_agent(char side, const char *path)
{
	char s, p[PATH_MAX];
	long long ts;

	while (log_next(10000, &s, p, &ts)) {
		if (s == side && !strcmp(p, path))
			return ts;
		printf("BENCH stray %c %s\n", s, p);
	}
	printf("BENCH lost %c %s\n", side, path);
	return -1;
}

/* Release latency */

static void lat_release(char side, int i)
{
	char dir[PATH_MAX], rel[64];
	int pfd[2];
	long long t0, ts;
	char c;
	pid_t pid;

	snprintf(rel, sizeof(rel), "/lat/%d", i);
	snprintf(dir, sizeof(dir), "%s%s", side_root(side), rel);
	if (pipe(pfd))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		close(pfd[1]);
		if (read(pfd[0], &c, 1) < 0)
			_exit(2);
		_exit(0);
	}
	close(pfd[0]);
	join(dir, pid);
	close(pfd[1]);		/* the child reads EOF and exits */
	if (waitpid(pid, NULL, 0) != pid)
		die("waitpid");
	t0 = now_ns();
	ts = wait_agent(side, rel);
	if (ts >= 0)
		printf("LAT %c %d %lld\n", side, i, ts - t0);
	rmdir(dir);
}

static void lat_spawn(int i)
{
	char rel[64];
	char *argv[] = { "/bench/agent-us", rel, NULL };
	char *envp[] = { "HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL };
	long long t0, ts;
	pid_t pid;

	snprintf(rel, sizeof(rel), "/us/%d", i);
	t0 = now_ns();
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		execve(argv[0], argv, envp);
		_exit(127);
	}
	ts = wait_agent('u', rel);
	waitpid(pid, NULL, 0);
	if (ts >= 0)
		printf("LAT u %d %lld\n", i, ts - t0);
}

static void cmd_latency(int n)
{
	const char sides[] = "cg";
	int i, s;

	for (s = 0; sides[s]; s++) {
		mkdir_fmt("%s/lat", side_root(sides[s]));
		write_fmt("1", "%s/lat/notify_on_release", side_root(sides[s]));
		for (i = 0; i < n; i++)
			mkdir_fmt("%s/lat/%d", side_root(sides[s]), i);
		/* the children inherited the flag; keep "lat" itself quiet */
		write_fmt("0", "%s/lat/notify_on_release", side_root(sides[s]));
	}
	log_reset();
	for (i = 0; i < n; i++) {
		/* alternate the order, so neither side always goes first */
		lat_release(i & 1 ? 'g' : 'c', i);
		lat_release(i & 1 ? 'c' : 'g', i);
		lat_spawn(i);
	}
	for (s = 0; sides[s]; s++)
		rmdir_fmt("%s/lat", side_root(sides[s]));
	fflush(stdout);
}

/* Mass release */

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static int mass_child(void *arg)
{
	for (;;)
		pause();
	return 0;
}

static void cmd_mass(char side, int n)
{
	const char *root = side_root(side);
	size_t stack_size = 16384;
	char *stacks, *seen, s, p[PATH_MAX], dir[PATH_MAX];
	long long t0, ts, tmin = -1, tmax = -1, tsetup, *tss;
	int i, got = 0, dups = 0, stray = 0, lost;
	pid_t *pids, pgid = 0;

	pids = calloc(n, sizeof(*pids));
	seen = calloc(n, 1);
	tss = calloc(n, sizeof(*tss));
	stacks = mmap(NULL, stack_size * n, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!pids || !seen || !tss || stacks == MAP_FAILED)
		die("memory for %d tasks", n);

	tsetup = now_ns();
	mkdir_fmt("%s/m", root);
	write_fmt("1", "%s/m/notify_on_release", root);
	for (i = 0; i < n; i++)
		mkdir_fmt("%s/m/%d", root, i);
	write_fmt("0", "%s/m/notify_on_release", root);
	for (i = 0; i < n; i++) {
		pids[i] = clone(mass_child, stacks + stack_size * (i + 1),
				CLONE_VM | SIGCHLD, NULL);
		if (pids[i] < 0)
			die("clone task %d", i);
		if (!pgid)
			pgid = pids[i];
		if (setpgid(pids[i], pgid))
			die("setpgid");
		snprintf(dir, sizeof(dir), "%s/m/%d", root, i);
		join(dir, pids[i]);
	}
	log_reset();
	printf("BENCH mass-setup %c %d %lld\n", side, n,
	       (now_ns() - tsetup) / 1000000);
	fflush(stdout);

	t0 = now_ns();
	if (kill(-pgid, SIGKILL))
		die("kill");
	/* until all N came, or nothing came for 30 s */
	while (got < n && log_next(30000, &s, p, &ts)) {
		if (s != side || strncmp(p, "/m/", 3) ||
		    (i = atoi(p + 3)) < 0 || i >= n) {
			stray++;
			continue;
		}
		if (seen[i]++) {
			dups++;
			continue;
		}
		tss[got++] = ts;
		if (tmin < 0 || ts < tmin)
			tmin = ts;
		if (ts > tmax)
			tmax = ts;
	}
	for (i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
	/* late duplicates */
	while (log_next(1000, &s, p, &ts)) {
		if (s == side && !strncmp(p, "/m/", 3) &&
		    (i = atoi(p + 3)) >= 0 && i < n && seen[i]++)
			dups++;
		else
			stray++;
	}
	lost = n - got;
	/* the spacing of agent starts: the cost of one release in a row */
	qsort(tss, got, sizeof(*tss), cmp_ll);
	for (i = got - 1; i > 0; i--)
		tss[i] -= tss[i - 1];
	if (got > 2)
		qsort(tss + 1, got - 1, sizeof(*tss), cmp_ll);
	printf("BENCH mass %c %d total_us=%lld first_us=%lld lost=%d dups=%d stray=%d gap_p50_us=%lld gap_p90_us=%lld\n",
	       side, n, tmax < 0 ? -1 : (tmax - t0) / 1000,
	       tmin < 0 ? -1 : (tmin - t0) / 1000, lost, dups, stray,
	       got > 2 ? tss[1 + (got - 1) / 2] / 1000 : -1,
	       got > 2 ? tss[1 + (got - 1) * 9 / 10] / 1000 : -1);
	fflush(stdout);
	for (i = 0; i < n; i++)
		rmdir_fmt("%s/m/%d", root, i);
	rmdir_fmt("%s/m", root);
	munmap(stacks, stack_size * n);
	free(pids);
	free(seen);
	free(tss);
}

/* fork+exit */

static void place(char config)
{
	pid_t me = getpid();

	switch (config) {
	case 'c':
		join("/mnt/c/fe", me);
		join("/mnt/g", me);
		break;
	case 'g':
		if (!access("/mnt/c/tasks", F_OK))
			join("/mnt/c", me);
		join("/mnt/g/fe", me);
		break;
	default:
		if (!access("/mnt/c/tasks", F_OK))
			join("/mnt/c", me);
		join("/mnt/g", me);
	}
}

static void fork_exit_wait(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (!pid)
			_exit(0);
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			die("fork/wait");
	}
}

static void cmd_forkexit(int n, int rounds, char **configs, int nconf)
{
	long long *ns = calloc((size_t)rounds * nconf, sizeof(*ns));
	int r, c;

	if (!ns)
		die("calloc");
	for (c = 0; c < nconf; c++) {
		char k = configs[c][0];

		if (k == 'r')
			continue;
		mkdir_fmt("%s/fe", side_root(k));
		write_fmt("1", "%s/fe/notify_on_release", side_root(k));
	}
	/* untimed: the first forks of a boot also pay TCG's code translation */
	place('r');
	fork_exit_wait(n);
	for (r = 0; r < rounds; r++) {
		for (c = 0; c < nconf; c++) {
			long long t0;

			place(configs[c][0]);
			t0 = now_ns();
			fork_exit_wait(n);
			ns[c * rounds + r] = (now_ns() - t0) / n;
		}
	}
	place('r');
	for (c = 0; c < nconf; c++) {
		long long *v = ns + c * rounds;

		printf("BENCH forkexit %c rounds_ns=", configs[c][0]);
		for (r = 0; r < rounds; r++)
			printf("%s%lld", r ? "," : "", v[r]);
		qsort(v, rounds, sizeof(*v), cmp_ll);
		printf(" min_ns=%lld median_ns=%lld\n", v[0], v[rounds / 2]);
		if (configs[c][0] != 'r')
			rmdir_fmt("%s/fe", side_root(configs[c][0]));
	}
	fflush(stdout);
	free(ns);
}

/* mkdir+rmdir */

static void cmd_mkdir(int n, int rounds)
{
	long long v[2][64], mk[2][64];
	const char sides[] = "cg";
	int r, s, i;

	if (rounds > 64)
		rounds = 64;
	for (s = 0; s < 2; s++) {
		mkdir_fmt("%s/mk", side_root(sides[s]));
		write_fmt("0", "%s/mk/notify_on_release", side_root(sides[s]));
	}
	for (r = 0; r < rounds; r++) {
		for (s = 0; s < 2; s++) {
			const char *root = side_root(sides[(s + r) & 1]);
			int k = (s + r) & 1;
			long long t0, t1;

			t0 = now_ns();
			for (i = 0; i < n; i++)
				mkdir_fmt("%s/mk/%d", root, i);
			t1 = now_ns();
			for (i = 0; i < n; i++)
				rmdir_fmt("%s/mk/%d", root, i);
			v[k][r] = (now_ns() - t0) / n;
			mk[k][r] = (t1 - t0) / n;
		}
	}
	for (s = 0; s < 2; s++) {
		qsort(v[s], rounds, sizeof(long long), cmp_ll);
		qsort(mk[s], rounds, sizeof(long long), cmp_ll);
		printf("BENCH mkdir %c pair_median_ns=%lld pair_min_ns=%lld mkdir_median_ns=%lld\n",
		       sides[s], v[s][rounds / 2], v[s][0], mk[s][rounds / 2]);
		rmdir_fmt("%s/mk", side_root(sides[s]));
	}
	fflush(stdout);
}

/* Memory per container */

static long long meminfo_kb(const char *key)
{
	char line[256];
	size_t len = strlen(key);
	long long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		die("/proc/meminfo");
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':')
			v = atoll(line + len + 1);
	fclose(f);
	return v;
}

static void settle(void)
{
	sync();
	/* let kfree_rcu() and deferred frees of earlier work finish */
	usleep(500000);
}

static void cmd_mem(int n, int rounds)
{
	long long slab[2][16], pcpu[2][16];
	const char sides[] = "cg";
	int r, s, i;

	if (rounds > 16)
		rounds = 16;
	for (s = 0; s < 2; s++) {
		mkdir_fmt("%s/mem", side_root(sides[s]));
		write_fmt("0", "%s/mem/notify_on_release", side_root(sides[s]));
	}
	for (r = 0; r < rounds; r++) {
		for (s = 0; s < 2; s++) {
			int k = (s + r) & 1;
			const char *root = side_root(sides[k]);
			long long s0, p0;

			settle();
			s0 = meminfo_kb("Slab");
			p0 = meminfo_kb("Percpu");
			for (i = 0; i < n; i++)
				mkdir_fmt("%s/mem/%d", root, i);
			settle();
			slab[k][r] = meminfo_kb("Slab") - s0;
			pcpu[k][r] = meminfo_kb("Percpu") - p0;
			for (i = 0; i < n; i++)
				rmdir_fmt("%s/mem/%d", root, i);
		}
	}
	for (s = 0; s < 2; s++) {
		printf("BENCH mem %c n=%d slab_kb=", sides[s], n);
		for (r = 0; r < rounds; r++)
			printf("%s%lld", r ? "," : "", slab[s][r]);
		printf(" percpu_kb=");
		for (r = 0; r < rounds; r++)
			printf("%s%lld", r ? "," : "", pcpu[s][r]);
		qsort(slab[s], rounds, sizeof(long long), cmp_ll);
		qsort(pcpu[s], rounds, sizeof(long long), cmp_ll);
		printf(" slab_median_kb=%lld percpu_median_kb=%lld\n",
		       slab[s][rounds / 2], pcpu[s][rounds / 2]);
		rmdir_fmt("%s/mem", side_root(sides[s]));
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "latency"))
		cmd_latency(atoi(argv[2]));
	else if (argc >= 4 && !strcmp(argv[1], "mass"))
		cmd_mass(argv[2][0], atoi(argv[3]));
	else if (argc >= 5 && !strcmp(argv[1], "forkexit"))
		cmd_forkexit(atoi(argv[2]), atoi(argv[3]), argv + 4, argc - 4);
	else if (argc >= 4 && !strcmp(argv[1], "mkdir"))
		cmd_mkdir(atoi(argv[2]), atoi(argv[3]));
	else if (argc >= 4 && !strcmp(argv[1], "mem"))
		cmd_mem(atoi(argv[2]), atoi(argv[3]));
	else {
		fprintf(stderr, "usage: bench latency N | mass c|g N | forkexit N ROUNDS c|g|r... | mkdir N ROUNDS | mem N ROUNDS\n");
		return 2;
	}
	return 0;
}
