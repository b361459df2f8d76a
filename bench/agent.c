// SPDX-License-Identifier: GPL-2.0
/*
 * The release agent of the benchmarks. It reads CLOCK_MONOTONIC as its
 * first action after exec, then appends one line
 *
 *	SIDE PATH NS
 *
 * to /tmp/bench/agent.log with a single write() (O_APPEND), and exits.
 * SIDE comes from the name it was started as: ".../agent-cg" is "g"
 * (cgroup v1), ".../agent-us" is "u" (forked and exec'ed from userspace),
 * anything else is "c" (task containers). PATH is argv[1].
 *
 * No libc: _start is ours, so nothing runs between the exec and the clock
 * read but the kernel's own work. Built with -nostdlib -static.
 */
#include <asm/unistd.h>
#include <linux/fcntl.h>
#include <linux/time.h>

#define LOG_PATH "/tmp/bench/agent.log"

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	asm volatile ("syscall"
		      : "=a" (ret)
		      : "a" (nr), "D" (a), "S" (b), "d" (c)
		      : "rcx", "r11", "memory");
	return ret;
}

static char *put_str(char *p, char *end, const char *s)
{
	while (*s && p < end)
		*p++ = *s++;
	return p;
}

static char *put_u64(char *p, char *end, unsigned long long v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n && p < end)
		*p++ = tmp[--n];
	return p;
}

static char side_of(const char *name)
{
	const char *s = name, *base = name;
	int len;

	for (; *s; s++)
		if (*s == '/')
			base = s + 1;
	len = s - base;
	if (len >= 3 && base[len - 3] == '-') {
		if (base[len - 2] == 'c' && base[len - 1] == 'g')
			return 'g';
		if (base[len - 2] == 'u' && base[len - 1] == 's')
			return 'u';
	}
	return 'c';
}

void agent_main(long *sp) __attribute__((used, noreturn));
void agent_main(long *sp)
{
	struct timespec ts;
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	char line[4200], *p = line, *end = line + sizeof(line) - 1;
	long fd;

	sys3(__NR_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0);

	*p++ = argc > 0 ? side_of(argv[0]) : '?';
	*p++ = ' ';
	p = put_str(p, end, argc > 1 ? argv[1] : "-");
	p = put_str(p, end, " ");
	p = put_u64(p, end, ts.tv_sec * 1000000000ULL + ts.tv_nsec);
	*p++ = '\n';

	fd = sys3(__NR_open, (long)LOG_PATH, O_WRONLY | O_APPEND | O_CREAT,
		  0644);
	if (fd >= 0)
		sys3(__NR_write, fd, (long)line, p - line);
	sys3(__NR_exit_group, fd >= 0 ? 0 : 1, 0, 0);
	for (;;)
		;
}

asm (".text\n"
     ".global _start\n"
     "_start:\n"
     "	xor %rbp, %rbp\n"
     "	mov %rsp, %rdi\n"
     "	and $-16, %rsp\n"
     "	call agent_main\n"
     "	hlt\n");
