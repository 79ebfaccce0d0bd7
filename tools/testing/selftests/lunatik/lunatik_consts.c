// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The constants of the "linux" Lua module, from the kernel's uapi headers,
 * for linux.sh to compare with what the module exports:
 *
 *	lunatik_consts errno	NAME=value for each E* of errno-base.h
 *	lunatik_consts stat	NAME=value for linux.stat's S_I* permissions
 *	lunatik_consts syscall	name=number for some system calls, of
 *				<asm/unistd.h>, for syscall.sh
 *
 * one per line, sorted by strcmp(), as linux.sh prints the Lua tables.
 */

/*
 * First: once a C library header has defined __GLIBC__, the uapi
 * <linux/stat.h> leaves the S_I* bits to <sys/stat.h>.
 */
#include <linux/stat.h>
#include <asm-generic/errno-base.h>
#include <asm/unistd.h>

#ifndef S_IFMT
#error "<linux/stat.h> does not define the S_I* permission bits"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct constant {
	const char *name;
	int value;
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* S_<name>; IRUGO and the like are the kernel's, from its <linux/stat.h> */
#define STAT(name)		{ #name, S_##name }
#define UGO(what, u, g, o)	{ "I" #what "UGO", S_I##what##u | S_I##what##g | S_I##what##o }
#define ERRNO(name)		{ #name, E##name }
#define SYSCALL(name)		{ #name, __NR_##name }

static const struct constant stat_consts[] = {
	UGO(RWX, U, G, O),	/* IRWXUGO: S_IRWXU | S_IRWXG | S_IRWXO */
	UGO(R, USR, GRP, OTH),	/* IRUGO: S_IRUSR | S_IRGRP | S_IROTH */
	UGO(W, USR, GRP, OTH),
	UGO(X, USR, GRP, OTH),
	STAT(IRWXU), STAT(IRUSR), STAT(IWUSR), STAT(IXUSR),
	STAT(IRWXG), STAT(IRGRP), STAT(IWGRP), STAT(IXGRP),
	STAT(IRWXO), STAT(IROTH), STAT(IWOTH), STAT(IXOTH),
	{ NULL, 0 }
};

static const struct constant errno_consts[] = {
	ERRNO(PERM), ERRNO(NOENT), ERRNO(SRCH), ERRNO(INTR), ERRNO(IO),
	ERRNO(NXIO), ERRNO(2BIG), ERRNO(NOEXEC), ERRNO(BADF), ERRNO(CHILD),
	ERRNO(AGAIN), ERRNO(NOMEM), ERRNO(ACCES), ERRNO(FAULT),
	ERRNO(NOTBLK), ERRNO(BUSY), ERRNO(EXIST), ERRNO(XDEV), ERRNO(NODEV),
	ERRNO(NOTDIR), ERRNO(ISDIR), ERRNO(INVAL), ERRNO(NFILE),
	ERRNO(MFILE), ERRNO(NOTTY), ERRNO(TXTBSY), ERRNO(FBIG),
	ERRNO(NOSPC), ERRNO(SPIPE), ERRNO(ROFS), ERRNO(MLINK), ERRNO(PIPE),
	ERRNO(DOM), ERRNO(RANGE),
	{ NULL, 0 }
};

static const struct constant syscall_consts[] = {
	SYSCALL(read), SYSCALL(write), SYSCALL(open), SYSCALL(close),
	SYSCALL(readv), SYSCALL(writev), SYSCALL(openat), SYSCALL(sync),
	SYSCALL(getppid), SYSCALL(exit_group), SYSCALL(clone3),
	SYSCALL(io_uring_setup), SYSCALL(mseal),
	{ NULL, 0 }
};

static int compare(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int print(const struct constant *consts)
{
	char lines[64][32];
	size_t n, i;

	for (n = 0; consts[n].name; n++) {
		if (n == ARRAY_SIZE(lines))
			return EXIT_FAILURE;
		snprintf(lines[n], sizeof(lines[n]), "%s=%d", consts[n].name,
			 consts[n].value);
	}
	qsort(lines, n, sizeof(lines[0]), compare);
	for (i = 0; i < n; i++)
		puts(lines[i]);
	return EXIT_SUCCESS;
}

int main(int argc, char *argv[])
{
	if (argc == 2 && !strcmp(argv[1], "errno"))
		return print(errno_consts);
	if (argc == 2 && !strcmp(argv[1], "stat"))
		return print(stat_consts);
	if (argc == 2 && !strcmp(argv[1], "syscall"))
		return print(syscall_consts);
	fprintf(stderr, "usage: %s errno|stat|syscall\n", argv[0]);
	return EXIT_FAILURE;
}
