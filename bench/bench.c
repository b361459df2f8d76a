// SPDX-License-Identifier: GPL-2.0
/*
 * Guest side of `make bench`: the release path of task containers ("c",
 * mounted at /mnt/c) against cgroup v1 ("g", a named hierarchy with no
 * controllers at /mnt/g), on the same work in the same boot; the events
 * file also against cgroup v2's cgroup.events ("v", /mnt/v2) and an
 * eventfd ("e"). The agents (bench/agent.c) log to /tmp/bench/agent.log;
 * results are printed as "BENCH ...", "LAT ..." and "EVL ..." lines that
 * bench/report.py parses.
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
 *   bench evlatency N PAUSE_MS...
 *                          N wake-ups per side and pause, interleaved c,
 *                          v, e, a, g: a task's exit, PAUSE_MS after it
 *                          was moved in, to the return of a watcher's
 *                          poll() on events / cgroup.events (e: an
 *                          eventfd the task writes just before it
 *                          exits), or to the first instruction of the
 *                          release agent of task containers (a) or of
 *                          cgroup v1 (g)
 *   bench evmass c|v N     N containers (or v2 cgroups) with one task
 *                          each, their events files in one epoll set, all
 *                          tasks killed at once; time until every file was
 *                          seen to say "populated 0", lost notifications
 *   bench tasksread M R    R reads of the tasks file of a container with
 *                          one task (and of such a v1 cgroup) while a
 *                          process of M threads sits in another one
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LOG_DIR "/tmp/bench"
#define LOG_PATH LOG_DIR "/agent.log"

static const char *side_root(char side)
{
	switch (side) {
	case 'c':
		return "/mnt/c";
	case 'v':
		return "/mnt/v2";
	default:
		return "/mnt/g";
	}
}

/* The file a task is moved in with, and the events file, of a side */
static const char *side_procs(char side)
{
	return side == 'v' ? "cgroup.procs" : "tasks";
}

static const char *side_events(char side)
{
	return side == 'v' ? "cgroup.events" : "events";
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
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

/* Move @pid into @dir through its file @procs (tasks, cgroup.procs) */
static void join_procs(const char *dir, const char *procs, pid_t pid)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", pid);
	write_fmt(buf, "%s/%s", dir, procs);
}

static void join(const char *dir, pid_t pid)
{
	join_procs(dir, "tasks", pid);
}

static int open_fmt(int flags, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int fd;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	fd = open(path, flags);
	if (fd < 0)
		die("open %s", path);
	return fd;
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

/* fork(), or die */
static pid_t fork_or_die(void)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	return pid;
}

/* Reap the child @pid, or die */
static void reap(pid_t pid)
{
	if (waitpid(pid, NULL, 0) != pid)
		die("waitpid");
}

/* Make @root/@name with notify_on_release @notify, which children inherit. */
static void mkdir_notify(const char *root, const char *name, int notify)
{
	mkdir_fmt("%s/%s", root, name);
	write_fmt(notify ? "1" : "0", "%s/%s/notify_on_release", root, name);
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
	pid = fork_or_die();
	if (!pid) {
		close(pfd[1]);
		if (read(pfd[0], &c, 1) < 0)
			_exit(2);
		_exit(0);
	}
	close(pfd[0]);
	join(dir, pid);
	close(pfd[1]);		/* the child reads EOF and exits */
	reap(pid);
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
	pid = fork_or_die();
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
		mkdir_notify(side_root(sides[s]), "lat", 1);
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

/*
 * Sleepers: tasks that pause() until killed, clone()d on small stacks of
 * one mapping (10,000 forks of this process would copy its page tables
 * 10,000 times), in one process group so that one kill() ends them all.
 */

#define SLEEPER_STACK 16384

struct sleepers {
	int n;
	pid_t *pids, pgid;
	char *stacks;
};

static int sleeper_fn(void *arg)
{
	for (;;)
		pause();
	return 0;
}

/* A sleeper on stack @i of @stacks, sharing our memory; @flags add to it */
static pid_t clone_sleeper(char *stacks, int i, int flags)
{
	return clone(sleeper_fn, stacks + SLEEPER_STACK * (i + 1),
		     CLONE_VM | flags, NULL);
}

static char *map_stacks(int n)
{
	char *stacks = mmap(NULL, (size_t)SLEEPER_STACK * n,
			    PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (stacks == MAP_FAILED)
		die("stacks for %d tasks", n);
	return stacks;
}

static void sleepers_init(struct sleepers *s, int n)
{
	s->n = n;
	s->pgid = 0;
	s->pids = calloc(n, sizeof(*s->pids));
	if (!s->pids)
		die("memory for %d tasks", n);
	s->stacks = map_stacks(n);
}

/* Start sleeper @i, a process of its own in the sleepers' group */
static pid_t sleeper_start(struct sleepers *s, int i)
{
	pid_t pid = clone_sleeper(s->stacks, i, SIGCHLD);

	if (pid < 0)
		die("clone task %d", i);
	if (!s->pgid)
		s->pgid = pid;
	if (setpgid(pid, s->pgid))
		die("setpgid");
	s->pids[i] = pid;
	return pid;
}

static void sleepers_kill(struct sleepers *s)
{
	if (kill(-s->pgid, SIGKILL))
		die("kill");
}

/* Reap the killed sleepers and free them */
static void sleepers_reap(struct sleepers *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		waitpid(s->pids[i], NULL, 0);
	munmap(s->stacks, (size_t)SLEEPER_STACK * s->n);
	free(s->pids);
}

/* Mass release */

/* @n children of @root/@sub, each with one sleeper, moved in via @procs */
static void populate_children(struct sleepers *s, const char *root,
			      const char *sub, const char *procs, int n)
{
	char dir[PATH_MAX];
	int i;

	for (i = 0; i < n; i++)
		mkdir_fmt("%s/%s/%d", root, sub, i);
	sleepers_init(s, n);
	for (i = 0; i < n; i++) {
		snprintf(dir, sizeof(dir), "%s/%s/%d", root, sub, i);
		join_procs(dir, procs, sleeper_start(s, i));
	}
}

static void rmdir_children(const char *root, const char *sub, int n)
{
	int i;

	for (i = 0; i < n; i++)
		rmdir_fmt("%s/%s/%d", root, sub, i);
	rmdir_fmt("%s/%s", root, sub);
}

static void cmd_mass(char side, int n)
{
	const char *root = side_root(side);
	char *seen, s, p[PATH_MAX];
	long long t0, ts, tmin = -1, tmax = -1, tsetup, *tss;
	int i, got = 0, dups = 0, stray = 0, lost;
	struct sleepers sl;

	seen = calloc(n, 1);
	tss = calloc(n, sizeof(*tss));
	if (!seen || !tss)
		die("memory for %d tasks", n);

	tsetup = now_ns();
	mkdir_notify(root, "m", 1);
	populate_children(&sl, root, "m", "tasks", n);
	write_fmt("0", "%s/m/notify_on_release", root);
	log_reset();
	printf("BENCH mass-setup %c %d %lld\n", side, n,
	       (now_ns() - tsetup) / 1000000);
	fflush(stdout);

	t0 = now_ns();
	sleepers_kill(&sl);
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
	sleepers_reap(&sl);
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
	rmdir_children(root, "m", n);
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
		mkdir_notify(side_root(k), "fe", 1);
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
		mkdir_notify(side_root(sides[s]), "mk", 0);
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
		mkdir_notify(side_root(sides[s]), "mem", 0);
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

/* The events files: events (c) and cgroup.events (v) */

/*
 * The "populated" value of an events file, read from the start: the read
 * also arms the file's notification (kernfs: a poll() returns when the
 * file changed since it was last read).
 */
static int events_populated(int fd)
{
	char buf[256], *p;
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0)
		die("lseek events");
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		die("read events");
	buf[n] = '\0';
	p = strstr(buf, "populated ");
	if (!p) {
		errno = EINVAL;
		die("no populated line in \"%s\"", buf);
	}
	return atoi(p + strlen("populated "));
}

/* The events file of @dir of @side, opened and read (armed), says @want */
static int events_open(char side, const char *dir, int want)
{
	int fd = open_fmt(O_RDONLY | O_CLOEXEC, "%s/%s", dir, side_events(side));

	if (events_populated(fd) != want) {
		errno = EPROTO;
		die("%s/%s does not say populated %d", dir, side_events(side),
		    want);
	}
	return fd;
}

/* Wake-up latency of an events watcher */

/* What the exiting task tells the watcher, in shared memory */
static volatile struct {
	long long ns;		/* CLOCK_MONOTONIC just before _exit() */
	int asleep;		/* the watcher was asleep (in poll()) then */
} *ex;

/* The state letter of @fd, an open /proc/PID/stat */
static char proc_state(int fd)
{
	char buf[512], *p;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return '?';
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/*
 * The task that exits: told to go (a byte on @go), it sleeps @pause_ms,
 * or with no pause waits (at most 20 ms) until @watcher sleeps in
 * poll(), then takes the time and exits; for the eventfd floor it
 * writes @efd after taking the time.
 */
static void __attribute__((noreturn))
exiter(int go, pid_t watcher, int pause_ms, int efd)
{
	struct timespec ts = { 0, pause_ms * 1000000L };
	char path[64], c;
	long long end;
	uint64_t one = 1;
	int st;

	snprintf(path, sizeof(path), "/proc/%d/stat", watcher);
	st = open(path, O_RDONLY);
	if (st < 0 || read(go, &c, 1) != 1)
		_exit(2);
	if (pause_ms)
		nanosleep(&ts, NULL);
	end = now_ns() + 20000000;
	while (!(ex->asleep = proc_state(st) == 'S') && now_ns() < end)
		;
	ex->ns = now_ns();
	if (efd >= 0 && write(efd, &one, sizeof(one)) != sizeof(one))
		_exit(3);
	_exit(0);
}

struct evlat {
	long long lat, gap;	/* exit to poll() return; populate to exit */
	int spurious;		/* wake-ups that still read populated 1 */
	int asleep;		/* the watcher slept when the task exited */
};

/* The side letters of the agents in the agents' log: a is c there */
static char agent_side(char side)
{
	return side == 'a' ? 'c' : side;
}

/*
 * One wake-up of @side: a child is moved into a new container (or v2
 * cgroup) "evl/P.I", the watcher (we) reads its events file (populated 1,
 * armed), lets the child exit and blocks in poll(); lat is -1 when no
 * wake-up came within 10 s. Side e: the child writes an eventfd. Sides
 * a and g: the child is moved into "eva/P.I" (notify_on_release=1, made
 * by cmd_evlatency()) of task containers or cgroup v1, and we wait for
 * the agent's line in its log, which carries the agent's own clock.
 */
static struct evlat evlat_sample(char side, int pause_ms, int i)
{
	struct evlat r = { -1, 0, 0, 0 };
	char dir[PATH_MAX], rel[64], c = 0;
	int agent = side == 'a' || side == 'g';
	struct pollfd pfd;
	long long t_pop;
	int fd = -1, go[2];
	uint64_t v;
	pid_t pid;

	snprintf(rel, sizeof(rel), "/%s/%d.%d", agent ? "eva" : "evl",
		 pause_ms, i);
	snprintf(dir, sizeof(dir), "%s%s", side_root(agent_side(side)), rel);
	if (side == 'e') {
		fd = eventfd(0, EFD_CLOEXEC);
		if (fd < 0)
			die("eventfd");
	} else if (!agent) {
		mkdir_fmt("%s", dir);
		fd = events_open(side, dir, 0);
	}
	ex->ns = 0;
	ex->asleep = 0;
	if (pipe(go))
		die("pipe");
	pid = fork_or_die();
	if (!pid) {
		close(go[1]);
		exiter(go[0], getppid(), pause_ms, side == 'e' ? fd : -1);
	}
	close(go[0]);
	if (agent) {
		join(dir, pid);
	} else if (side != 'e') {
		join_procs(dir, side_procs(side), pid);
		/* re-read: armed on populated 1 */
		if (events_populated(fd) != 1) {
			errno = EPROTO;
			die("%s: not populated after the move", dir);
		}
	}
	t_pop = now_ns();
	if (write(go[1], &c, 1) != 1)
		die("write go");
	if (agent) {
		long long ts = wait_agent(agent_side(side), rel);

		close(go[1]);
		reap(pid);
		if (ts >= 0)
			r.lat = ts - ex->ns;
		r.gap = ex->ns - t_pop;
		r.asleep = ex->asleep;
		return r;	/* cmd_evlatency() removes the directory */
	}
	pfd.fd = fd;
	pfd.events = side == 'e' ? POLLIN : POLLPRI;
	while (poll(&pfd, 1, 10000) > 0) {
		long long t = now_ns();

		if (side == 'e' ? read(fd, &v, sizeof(v)) == sizeof(v) :
				  events_populated(fd) == 0) {
			r.lat = t - ex->ns;
			break;
		}
		r.spurious++;
	}
	close(go[1]);
	reap(pid);
	r.gap = ex->ns - t_pop;
	r.asleep = ex->asleep;
	close(fd);
	if (side != 'e')
		rmdir_fmt("%s", dir);
	return r;
}

static void cmd_evlatency(int n, char **pauses, int npauses)
{
	const char sides[] = "cveag", agents[] = "cg";
	const int nsides = sizeof(sides) - 1;
	int i, p, k;

	ex = mmap(NULL, sizeof(*ex), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ex == MAP_FAILED)
		die("mmap");
	mkdir_notify(side_root('c'), "evl", 0);
	mkdir_fmt("%s/evl", side_root('v'));
	/*
	 * The agents' containers (and v1 cgroups): made beforehand, as in
	 * cmd_latency(), with the flag they inherit; "eva" itself is quiet
	 */
	for (k = 0; agents[k]; k++) {
		const char *root = side_root(agents[k]);

		mkdir_notify(root, "eva", 1);
		for (i = 0; i < n; i++)
			for (p = 0; p < npauses; p++)
				mkdir_fmt("%s/eva/%d.%d", root, atoi(pauses[p]), i);
		write_fmt("0", "%s/eva/notify_on_release", root);
	}
	log_reset();
	for (i = 0; i < n; i++) {
		for (p = 0; p < npauses; p++) {
			int pause_ms = atoi(pauses[p]);

			/* rotate the order, so no side always goes first */
			for (k = 0; k < nsides; k++) {
				char side = sides[(i + k) % nsides];
				struct evlat r = evlat_sample(side, pause_ms, i);

				if (r.lat < 0)
					printf("BENCH evlost %c pause_ms=%d %d\n",
					       side, pause_ms, i);
				else
					printf("EVL %c %d %d %lld gap_ns=%lld spurious=%d asleep=%d\n",
					       side, pause_ms, i, r.lat, r.gap,
					       r.spurious, r.asleep);
			}
		}
	}
	rmdir_fmt("%s/evl", side_root('c'));
	rmdir_fmt("%s/evl", side_root('v'));
	for (k = 0; agents[k]; k++) {
		const char *root = side_root(agents[k]);

		for (i = 0; i < n; i++)
			for (p = 0; p < npauses; p++)
				rmdir_fmt("%s/eva/%d.%d", root, atoi(pauses[p]), i);
		rmdir_fmt("%s/eva", root);
	}
	munmap((void *)ex, sizeof(*ex));
	fflush(stdout);
}

/* Mass release watched through epoll */

static void raise_nofile(int n)
{
	struct rlimit rl;
	char buf[32];

	if (getrlimit(RLIMIT_NOFILE, &rl))
		die("getrlimit");
	if (rl.rlim_cur >= (rlim_t)n)
		return;
	if (rl.rlim_max < (rlim_t)n) {
		FILE *f = fopen("/proc/sys/fs/nr_open", "r");
		int nr_open = 0;

		if (!f || fscanf(f, "%d", &nr_open) != 1)
			die("/proc/sys/fs/nr_open");
		fclose(f);
		if (nr_open < n) {
			snprintf(buf, sizeof(buf), "%d", n);
			write_str("/proc/sys/fs/nr_open", buf);
		}
		rl.rlim_max = n;
	}
	rl.rlim_cur = n;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("RLIMIT_NOFILE %d", n);
}

/*
 * N children of "em" with a sleeper each, every events file armed in one
 * epoll set (EPOLLPRI, level-triggered: a file stays ready until it is
 * read again), the sleepers killed at once; each wake-up re-reads the
 * file, until every file said populated 0 or nothing came for 30 s.
 * Then the files never seen at 0 are read once more: "silent" ones say
 * 0 without a wake-up having said so (a lost notification).
 */
static void cmd_evmass(char side, int n)
{
	const char *root = side_root(side);
	struct epoll_event ev, evs[256];
	long long t0, tsetup, tfirst = -1, thalf = -1, tlast = -1;
	int i, k, ep, *fds, got = 0, wakeups = 0, spurious = 0, silent = 0;
	int repeated = 0;
	struct sleepers sl;
	char *seen;

	raise_nofile(n + 64);
	fds = calloc(n, sizeof(*fds));
	seen = calloc(n, 1);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (!fds || !seen || ep < 0)
		die("memory or epoll for %d files", n);

	tsetup = now_ns();
	mkdir_fmt("%s/em", root);
	if (side == 'c')
		write_fmt("0", "%s/em/notify_on_release", root);
	populate_children(&sl, root, "em", side_procs(side), n);
	for (i = 0; i < n; i++) {
		char dir[PATH_MAX];

		snprintf(dir, sizeof(dir), "%s/em/%d", root, i);
		fds[i] = events_open(side, dir, 1);
		ev.events = EPOLLPRI;
		ev.data.u32 = i;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev))
			die("epoll_ctl");
	}
	printf("BENCH evmass-setup %c %d %lld\n", side, n,
	       (now_ns() - tsetup) / 1000000);
	fflush(stdout);

	t0 = now_ns();
	sleepers_kill(&sl);
	while (got < n) {
		int r = epoll_wait(ep, evs, 256, 30000);
		long long t = now_ns();

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (k = 0; k < r; k++) {
			i = evs[k].data.u32;
			wakeups++;
			if (events_populated(fds[i])) {
				spurious++;
				continue;
			}
			if (seen[i]) {
				/* a second wake-up for the one transition */
				repeated++;
				continue;
			}
			seen[i] = 1;
			got++;
			if (got == (n + 1) / 2)
				thalf = t;
			if (tfirst < 0)
				tfirst = t;
			tlast = t;
		}
	}
	sleepers_reap(&sl);
	/* late repeats: more wake-ups for files already seen at 0 */
	while ((k = epoll_wait(ep, evs, 256, 1000)) > 0 ||
	       (k < 0 && errno == EINTR)) {
		while (k-- > 0) {
			i = evs[k].data.u32;
			wakeups++;
			if (events_populated(fds[i]))
				spurious++;
			else if (seen[i])
				repeated++;
		}
	}
	for (i = 0; i < n; i++) {
		if (!seen[i] && !events_populated(fds[i]))
			silent++;
		close(fds[i]);
	}
	printf("BENCH evmass %c %d total_us=%lld first_us=%lld half_us=%lld seen=%d lost=%d silent=%d wakeups=%d spurious=%d repeated=%d\n",
	       side, n, tlast < 0 ? -1 : (tlast - t0) / 1000,
	       tfirst < 0 ? -1 : (tfirst - t0) / 1000,
	       thalf < 0 ? -1 : (thalf - t0) / 1000, got, n - got, silent,
	       wakeups, spurious, repeated);
	fflush(stdout);
	close(ep);
	rmdir_children(root, "em", n);
	free(fds);
	free(seen);
}

/* Reading the tasks file of a container with one task */

/*
 * A process of @m threads that pause() until it is killed, in @dirs (its
 * threads are created there, so they need not be moved one by one).
 */
static pid_t crowd_start(int m, const char *const *dirs, int ndirs)
{
	const int flags = CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
			  CLONE_THREAD | CLONE_SYSVSEM;
	int pfd[2], i;
	pid_t pid;
	char c;

	if (pipe(pfd))
		die("pipe");
	pid = fork_or_die();
	if (!pid) {
		char *stacks = map_stacks(m);

		for (i = 0; i < ndirs; i++)
			join(dirs[i], getpid());
		for (i = 1; i < m; i++)
			if (clone_sleeper(stacks, i, flags) < 0)
				_exit(1);
		if (write(pfd[1], "x", 1) != 1)
			_exit(1);
		sleeper_fn(NULL);
	}
	close(pfd[1]);
	if (read(pfd[0], &c, 1) != 1)
		die("a process of %d threads", m);
	close(pfd[0]);
	return pid;
}

/* Lines of @path, and the first PID in it; open+read+close ns in *ns */
static int read_tasks(const char *path, pid_t *first, long long *ns)
{
	static char buf[1 << 20];
	long long t0 = now_ns();
	int fd = open(path, O_RDONLY), lines = 0;
	size_t len = 0;
	ssize_t r;
	char *p;

	if (fd < 0)
		die("open %s", path);
	while ((r = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += r;
	close(fd);
	*ns = now_ns() - t0;
	if (r < 0)
		die("read %s", path);
	buf[len] = '\0';
	for (p = buf; (p = strchr(p, '\n')); p++)
		lines++;
	*first = atoi(buf);
	return lines;
}

/* The number of threads in the system, from /proc/loadavg */
static int system_threads(void)
{
	int run = 0, all = -1;
	FILE *f = fopen("/proc/loadavg", "r");

	if (f && fscanf(f, "%*s %*s %*s %d/%d", &run, &all) != 2)
		all = -1;
	if (f)
		fclose(f);
	return all;
}

static void cmd_tasksread(int m, int reps)
{
	const char sides[] = "cg";
	const char *others[2];
	char one_dir[2][PATH_MAX], others_dir[2][PATH_MAX];
	char one_tasks[2][PATH_MAX], others_tasks[2][PATH_MAX];
	long long *ns = calloc(2 * (size_t)reps, sizeof(*ns)), others_ns[2], t;
	int r, s, lines;
	pid_t one, crowd, first;

	if (!ns)
		die("calloc");
	for (s = 0; s < 2; s++) {
		const char *root = side_root(sides[s]);

		mkdir_notify(root, "tr", 0);
		snprintf(one_dir[s], PATH_MAX, "%s/tr/one", root);
		snprintf(others_dir[s], PATH_MAX, "%s/tr/others", root);
		snprintf(one_tasks[s], PATH_MAX, "%s/tasks", one_dir[s]);
		snprintf(others_tasks[s], PATH_MAX, "%s/tasks", others_dir[s]);
		mkdir_fmt("%s", one_dir[s]);
		mkdir_fmt("%s", others_dir[s]);
		others[s] = others_dir[s];
	}
	one = fork_or_die();
	if (!one)
		sleeper_fn(NULL);
	for (s = 0; s < 2; s++)
		join(one_dir[s], one);
	crowd = crowd_start(m, others, 2);

	for (s = 0; s < 2; s++) {
		/* the crowd is there (and an untimed first read of "one") */
		lines = read_tasks(others_tasks[s], &first, &others_ns[s]);
		if (lines != m) {
			errno = EPROTO;
			die("%s lists %d threads, not %d", others_tasks[s], lines, m);
		}
		read_tasks(one_tasks[s], &first, &t);
	}
	for (r = 0; r < reps; r++) {
		for (s = 0; s < 2; s++) {
			int k = (s + r) & 1;

			lines = read_tasks(one_tasks[k], &first, &ns[k * reps + r]);
			if (lines != 1 || first != one) {
				errno = EPROTO;
				die("%s: %d lines, first %d, not %d alone",
				    one_tasks[k], lines, first, one);
			}
		}
	}
	for (s = 0; s < 2; s++) {
		long long *v = ns + s * reps;

		qsort(v, reps, sizeof(*v), cmp_ll);
		printf("BENCH tasksread %c m=%d reps=%d threads=%d best_ns=%lld median_ns=%lld others_ns=%lld\n",
		       sides[s], m, reps, system_threads(), v[0], v[reps / 2],
		       others_ns[s]);
	}
	kill(crowd, SIGKILL);
	kill(one, SIGKILL);
	waitpid(crowd, NULL, 0);
	waitpid(one, NULL, 0);
	for (s = 0; s < 2; s++) {
		rmdir_fmt("%s", one_dir[s]);
		rmdir_fmt("%s", others_dir[s]);
		rmdir_fmt("%s/tr", side_root(sides[s]));
	}
	free(ns);
	fflush(stdout);
}

/*
 * Busy vCPUs: one SCHED_IDLE busy loop pinned to each CPU, so that no
 * vCPU halts. Under TCG a halted vCPU is a sleeping host thread, and a
 * wake-up that needs it waits for the host scheduler (milliseconds on a
 * loaded host, where real hardware leaves C1 in a microsecond); a task
 * that wakes preempts a SCHED_IDLE one at once.
 */
static int busy_start(pid_t *pids, int max)
{
	struct sched_param sp = { 0 };
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int i;

	for (i = 0; i < ncpu && i < max; i++) {
		pids[i] = fork_or_die();
		if (!pids[i]) {
			cpu_set_t set;

			CPU_ZERO(&set);
			CPU_SET(i, &set);
			if (sched_setaffinity(0, sizeof(set), &set) ||
			    sched_setscheduler(0, SCHED_IDLE, &sp))
				_exit(1);
			for (;;)
				;
		}
	}
	return i;
}

static void busy_stop(pid_t *pids, int n)
{
	int i;

	for (i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
}

int main(int argc, char **argv)
{
	pid_t busy[64];
	int nbusy = 0, ret = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("BENCH_BUSY"))
		nbusy = busy_start(busy, 64);
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
	else if (argc >= 4 && !strcmp(argv[1], "evlatency"))
		cmd_evlatency(atoi(argv[2]), argv + 3, argc - 3);
	else if (argc >= 4 && !strcmp(argv[1], "evmass"))
		cmd_evmass(argv[2][0], atoi(argv[3]));
	else if (argc >= 4 && !strcmp(argv[1], "tasksread"))
		cmd_tasksread(atoi(argv[2]), atoi(argv[3]));
	else {
		fprintf(stderr, "usage: bench latency N | mass c|g N | forkexit N ROUNDS c|g|r... | mkdir N ROUNDS | mem N ROUNDS\n"
			"       | evlatency N PAUSE_MS... | evmass c|v N | tasksread M ROUNDS\n"
			"(BENCH_BUSY=1 in the environment: SCHED_IDLE busy loops keep every CPU busy)\n");
		ret = 2;
	}
	busy_stop(busy, nbusy);
	return ret;
}
