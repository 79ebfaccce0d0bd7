// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lunatik: the control tool of Lunatik, Lua scripts in the Linux kernel.
 *
 * It talks to the "lunatik" generic netlink family
 * (Documentation/netlink/specs/lunatik.yaml, include/uapi/linux/lunatik.h)
 * over a raw netlink socket: run, spawn, stop and list the runtimes run by
 * name and, without a command, a Lua REPL whose chunks run in the kernel.
 * load, unload, reload and status manage the kernel module with modprobe.
 * See lunatik(8).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/lunatik.h>

#if defined(HAVE_LIBEDIT)
#include <editline/readline.h>
#define LUNATIK_LINE_EDITING	1
#elif defined(HAVE_READLINE)
#include <readline/readline.h>
#include <readline/history.h>
#define LUNATIK_LINE_EDITING	1
#else
#define LUNATIK_LINE_EDITING	0
#endif

#ifndef LUNATIK_VERSION
#define LUNATIK_VERSION		"3.5"
#endif
#define LUNATIK_LUA_VERSION	"Lua 5.4-kernel"
#define LUNATIK_MODULE		"lunatik"
#define LUNATIK_SCRIPT_DIR	"/lib/modules/lua"

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* a reply: an exec result of 60 KiB with its headers, or a part of a dump */
#define NL_RECV_SIZE		(128 * 1024)
/* a request: at most an exec with the longest chunk */
#define NL_REQ_SIZE		(NLMSG_SPACE(GENL_HDRLEN) + \
				 NLA_HDRLEN + NLA_ALIGN(LUNATIK_CHUNK_MAX + 1) + 64)

/* modules holding modules: how deep unload and status follow them */
#define MODULE_DEPTH_MAX	16
#define MODULE_NAME_MAX		64
#define MODULE_LIST_MAX		128

static bool verbose;

struct nl {
	int fd;
	__u16 family;
	__u32 seq;
	char *buf;
	/* the extended ack message of the last failed request, or "" */
	char ackmsg[512];
};

union nl_req {
	struct nlmsghdr nlh;
	char buf[NL_REQ_SIZE];
};

/* the messages of a reply other than acks, errors and the end of a dump */
struct nl_handler {
	int (*cb)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
};

static const char *const lunatik_contexts[] = {
	[LUNATIK_CONTEXT_PROCESS] = "process",
	[LUNATIK_CONTEXT_SOFTIRQ] = "softirq",
	[LUNATIK_CONTEXT_HARDIRQ] = "hardirq",
};

static void lunatik_usage(FILE *out)
{
	fputs("Usage: lunatik [options] [load|unload|reload|status|list]\n"
	      "               [run|spawn|stop <script>]\n"
	      "\n"
	      "Runs and manages Lua scripts in the Linux kernel. Without a command, a Lua\n"
	      "REPL whose chunks run in the kernel (Ctrl-D quits).\n"
	      "\n"
	      "Commands:\n"
	      "  load                    load the Lunatik kernel module\n"
	      "  unload                  stop the runtimes, then unload Lunatik and every\n"
	      "                          module that holds it\n"
	      "  reload                  unload, then load\n"
	      "  status                  whether Lunatik is loaded, and what holds it\n"
	      "  list                    the runtimes run by name\n"
	      "  run <script> [context]  run " LUNATIK_SCRIPT_DIR "/<script>.lua in a new\n"
	      "                          runtime; context: true or process (the default),\n"
	      "                          false or softirq, hardirq\n"
	      "  spawn <script>          run a script, then the function it returns in a\n"
	      "                          kernel thread\n"
	      "  stop <script>           stop the runtime of a script, and its thread\n"
	      "\n"
	      "Options:\n"
	      "  -q, --quota BYTES       memory quota of a new runtime (K, M, G suffixes)\n"
	      "  -v, --verbose           print the thread of a spawned runtime, and the\n"
	      "                          runtimes stopped and modprobe commands run by\n"
	      "                          load, unload and reload\n"
	      "  -h, --help              print this help and exit\n"
	      "  -V, --version           print the version and exit\n", out);
}

static int lunatik_badusage(const char *fmt, const char *arg)
{
	fputs("lunatik: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n\n", stderr);
	lunatik_usage(stderr);
	return EXIT_FAILURE;
}

static int lunatik_notloaded(void)
{
	fputs("lunatik: Lunatik is not loaded in this kernel (try: lunatik load)\n", stderr);
	return EXIT_FAILURE;
}

/* netlink */

static void nl_attrs(const void *data, int len, const struct nlattr **tb, int max)
{
	const struct nlattr *nla = data;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	while (len >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN && nla->nla_len <= len) {
		int type = nla->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = nla;
		len -= NLA_ALIGN(nla->nla_len);
		nla = (const struct nlattr *)((const char *)nla + NLA_ALIGN(nla->nla_len));
	}
}

/* the attributes of a generic netlink message */
static int nl_genl_attrs(const struct nlmsghdr *nlh, const struct nlattr **tb, int max)
{
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return -EBADMSG;
	nl_attrs((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		 nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), tb, max);
	return 0;
}

static const void *nl_attr_data(const struct nlattr *nla)
{
	return (const char *)nla + NLA_HDRLEN;
}

static int nl_attr_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

/* a NUL-terminated string attribute, or NULL */
static const char *nl_attr_str(const struct nlattr *nla)
{
	if (!nla || nl_attr_len(nla) < 1 || !memchr(nl_attr_data(nla), '\0', nl_attr_len(nla)))
		return NULL;
	return nl_attr_data(nla);
}

static __u32 nl_attr_u32(const struct nlattr *nla)
{
	__u32 value = 0;

	if (nla && nl_attr_len(nla) >= (int)sizeof(value))
		memcpy(&value, nl_attr_data(nla), sizeof(value));
	return value;
}

static __u64 nl_attr_u64(const struct nlattr *nla)
{
	__u64 value = 0;

	if (nla && nl_attr_len(nla) >= (int)sizeof(value))
		memcpy(&value, nl_attr_data(nla), sizeof(value));
	return value;
}

static void nl_req_init(union nl_req *req, __u16 type, __u16 flags, __u8 cmd, __u8 version)
{
	struct genlmsghdr *genl;

	memset(req->buf, 0, NLMSG_SPACE(GENL_HDRLEN));
	req->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req->nlh.nlmsg_type = type;
	req->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	genl = NLMSG_DATA(&req->nlh);
	genl->cmd = cmd;
	genl->version = version;
}

static int nl_put(union nl_req *req, __u16 type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(req->nlh.nlmsg_len);
	struct nlattr *nla;

	if (off + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(req->buf))
		return -EMSGSIZE;
	nla = (struct nlattr *)(req->buf + off);
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy(req->buf + off + NLA_HDRLEN, data, len);
	memset(req->buf + off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	req->nlh.nlmsg_len = off + NLA_HDRLEN + NLA_ALIGN(len);
	return 0;
}

static int nl_put_str(union nl_req *req, __u16 type, const char *str)
{
	return nl_put(req, type, str, strlen(str) + 1);
}

static int nl_put_u32(union nl_req *req, __u16 type, __u32 value)
{
	return nl_put(req, type, &value, sizeof(value));
}

static int nl_put_u64(union nl_req *req, __u16 type, __u64 value)
{
	return nl_put(req, type, &value, sizeof(value));
}

/* the message of an extended ack, from the attributes at @off in @nlh */
static void nl_ackmsg(struct nl *nl, const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const char *msg;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return;
	nl_attrs((const char *)NLMSG_DATA(nlh) + off, nlh->nlmsg_len - NLMSG_HDRLEN - off,
		 tb, NLMSGERR_ATTR_MAX);
	msg = nl_attr_str(tb[NLMSGERR_ATTR_MSG]);
	if (msg)
		snprintf(nl->ackmsg, sizeof(nl->ackmsg), "%s", msg);
}

/* NLMSG_ERROR: 0 for an ack, or -errno */
static int nl_error(struct nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = NLMSG_DATA(nlh);
	size_t off = sizeof(*err);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*err)))
		return -EBADMSG;
	if (!err->error)
		return 0;
	/* the request comes back whole unless the ack is capped */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && err->msg.nlmsg_len > NLMSG_HDRLEN)
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	nl_ackmsg(nl, nlh, NLMSG_ALIGN(off));
	return err->error < 0 ? err->error : -err->error;
}

/* NLMSG_DONE: the end of a dump, with its error if it failed */
static int nl_done(struct nl *nl, const struct nlmsghdr *nlh)
{
	int err = 0;

	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
		memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
	if (err)
		nl_ackmsg(nl, nlh, NLMSG_ALIGN(sizeof(err)));
	return err < 0 ? err : -err;
}

/*
 * Sends @req and reads its answer: @handler gets each message of the
 * reply, until the ack (a request) or NLMSG_DONE (a dump). Returns 0 or
 * -errno, with the kernel's message in nl->ackmsg when it gave one.
 */
static int nl_talk(struct nl *nl, union nl_req *req, const struct nl_handler *handler)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int ret = 0;

	nl->ackmsg[0] = '\0';
	req->nlh.nlmsg_seq = ++nl->seq;
	req->nlh.nlmsg_pid = 0;
	while (sendto(nl->fd, req->buf, req->nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		      sizeof(kernel)) < 0) {
		if (errno != EINTR)
			return -errno;
	}

	for (;;) {
		const struct nlmsghdr *nlh;
		ssize_t len;

		len = recv(nl->fd, nl->buf, NL_RECV_SIZE, MSG_TRUNC);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (len > NL_RECV_SIZE) {
			snprintf(nl->ackmsg, sizeof(nl->ackmsg), "a reply of %zd bytes is too long",
				 len);
			return -EMSGSIZE;
		}
		for (nlh = (const struct nlmsghdr *)nl->buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			int err;

			if (nlh->nlmsg_seq != nl->seq)
				continue;
			switch (nlh->nlmsg_type) {
			case NLMSG_NOOP:
				break;
			case NLMSG_ERROR:
				err = nl_error(nl, nlh);
				return ret ? ret : err;
			case NLMSG_DONE:
				err = nl_done(nl, nlh);
				return ret ? ret : err;
			case NLMSG_OVERRUN:
				return -EOVERFLOW;
			default:
				/* after a failed message, read on to the end of the answer */
				if (!ret && handler)
					ret = handler->cb(nlh, handler->arg);
				break;
			}
		}
	}
}

static int nl_family_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	const struct nlattr *id;

	if (nl_genl_attrs(nlh, tb, CTRL_ATTR_MAX))
		return -EBADMSG;
	id = tb[CTRL_ATTR_FAMILY_ID];
	if (!id || nl_attr_len(id) < (int)sizeof(__u16))
		return -EBADMSG;
	memcpy(arg, nl_attr_data(id), sizeof(__u16));
	return 0;
}

/*
 * The id of the lunatik family: -ENOENT when the kernel has none. Asking
 * for it by name loads lunatik.ko if it is a module not loaded yet: the
 * kernel runs modprobe for its alias, net-pf-16-proto-16-family-lunatik.
 */
static int nl_family(struct nl *nl)
{
	struct nl_handler handler = { nl_family_cb, &nl->family };
	union nl_req req;
	int err;

	nl->family = 0;
	nl_req_init(&req, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	err = nl_put_str(&req, CTRL_ATTR_FAMILY_NAME, LUNATIK_FAMILY_NAME);
	if (!err)
		err = nl_talk(nl, &req, &handler);
	if (!err && !nl->family)
		err = -EPROTO;
	return err;
}

static void nl_close(struct nl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
	free(nl->buf);
	nl->buf = NULL;
}

/*
 * A socket to the lunatik family: 0; -ENOENT, without a message, when the
 * kernel has no such family, even after trying to load lunatik.ko; or a
 * message and another -errno.
 */
static int nl_connect(struct nl *nl)
{
	int one = 1;
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->fd = -1;
	nl->buf = malloc(NL_RECV_SIZE);
	if (!nl->buf) {
		fprintf(stderr, "lunatik: %s\n", strerror(ENOMEM));
		return -ENOMEM;
	}
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0) {
		err = -errno;
		fprintf(stderr, "lunatik: cannot open a netlink socket: %s\n", strerror(-err));
		nl_close(nl);
		/* -ENOENT is for a missing family */
		return err == -ENOENT ? -EPROTO : err;
	}
	/* the kernel's messages, and acks without a copy of the request */
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	err = nl_family(nl);
	if (err && err != -ENOENT)
		fprintf(stderr, "lunatik: cannot find the %s netlink family: %s\n",
			LUNATIK_FAMILY_NAME, strerror(-err));
	if (err)
		nl_close(nl);
	return err;
}

/*
 * A socket to the lunatik family, or a message and EXIT_FAILURE. Lunatik
 * need not be loaded: resolving the family loads it.
 */
static int nl_open(struct nl *nl)
{
	int err = nl_connect(nl);

	if (err == -ENOENT)
		lunatik_notloaded();
	return err ? EXIT_FAILURE : EXIT_SUCCESS;
}

static void nl_lunatik_req(struct nl *nl, union nl_req *req, __u16 flags, __u8 cmd)
{
	nl_req_init(req, nl->family, flags, cmd, LUNATIK_FAMILY_VERSION);
}

/* "lunatik: <op> <script>: <the kernel's message>", and EXIT_FAILURE */
static int lunatik_failed(struct nl *nl, const char *op, const char *script, int err)
{
	const char *msg = nl->ackmsg[0] ? nl->ackmsg : strerror(-err);

	/* the family may have gone since it was resolved: Lunatik unloaded */
	if (err == -ENOENT && !nl->ackmsg[0] && nl_family(nl) == -ENOENT)
		return lunatik_notloaded();
	if (script)
		fprintf(stderr, "lunatik: %s %s: %s\n", op, script, msg);
	else
		fprintf(stderr, "lunatik: %s: %s\n", op, msg);
	return EXIT_FAILURE;
}

/* runtimes */

/* the names the kernel would refuse in any case, with a clearer message */
static int lunatik_checkname(const char *op, const char *script)
{
	const char *why = NULL;

	if (!*script)
		why = "empty";
	else if (*script == '/')
		why = "must be relative to " LUNATIK_SCRIPT_DIR;
	else if (strstr(script, ".."))
		why = "'..' is not allowed";
	else if (strlen(script) > LUNATIK_SCRIPT_MAX)
		why = "longer than 255 characters";
	if (!why)
		return 0;
	fprintf(stderr, "lunatik: %s %s: invalid script name: %s\n", op, script, why);
	return -EINVAL;
}

struct lunatik_opts {
	bool hasquota;
	__u64 quota;
};

static int lunatik_context(const char *word, __u32 *context)
{
	if (!strcmp(word, "true") || !strcmp(word, "process"))
		*context = LUNATIK_CONTEXT_PROCESS;
	else if (!strcmp(word, "false") || !strcmp(word, "softirq"))
		*context = LUNATIK_CONTEXT_SOFTIRQ;
	else if (!strcmp(word, "hardirq"))
		*context = LUNATIK_CONTEXT_HARDIRQ;
	else
		return -EINVAL;
	return 0;
}

static int lunatik_spawn_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LUNATIK_A_RUNTIME_MAX + 1];

	if (nl_genl_attrs(nlh, tb, LUNATIK_A_RUNTIME_MAX))
		return -EBADMSG;
	*(__u32 *)arg = nl_attr_u32(tb[LUNATIK_A_RUNTIME_THREAD]);
	return 0;
}

/* run, spawn (@context NULL) */
static int lunatik_run(const struct lunatik_opts *opts, const char *script, const char *context)
{
	const char *op = context ? "run" : "spawn";
	__u32 ctx = LUNATIK_CONTEXT_PROCESS;
	__u32 thread = 0;
	struct nl_handler handler = { lunatik_spawn_cb, &thread };
	union nl_req req;
	struct nl nl;
	int err;

	if (lunatik_checkname(op, script))
		return EXIT_FAILURE;
	if (context && *context && lunatik_context(context, &ctx))
		return lunatik_badusage("run: unknown context '%s'", context);
	if (nl_open(&nl))
		return EXIT_FAILURE;

	nl_lunatik_req(&nl, &req, NLM_F_ACK, context ? LUNATIK_CMD_RUN : LUNATIK_CMD_SPAWN);
	err = nl_put_str(&req, LUNATIK_A_RUNTIME_SCRIPT, script);
	if (!err && context)
		err = nl_put_u32(&req, LUNATIK_A_RUNTIME_CONTEXT, ctx);
	if (!err && opts->hasquota)
		err = nl_put_u64(&req, LUNATIK_A_RUNTIME_QUOTA, opts->quota);
	if (!err)
		err = nl_talk(&nl, &req, context ? NULL : &handler);
	if (err) {
		lunatik_failed(&nl, op, script, err);
		nl_close(&nl);
		return EXIT_FAILURE;
	}
	if (!context && verbose)
		printf("%s: thread %u\n", script, thread);
	nl_close(&nl);
	return EXIT_SUCCESS;
}

/* asks the kernel to stop the runtime of @script: 0 or -errno */
static int lunatik_stopname(struct nl *nl, const char *script)
{
	union nl_req req;
	int err;

	nl_lunatik_req(nl, &req, NLM_F_ACK, LUNATIK_CMD_STOP);
	err = nl_put_str(&req, LUNATIK_A_RUNTIME_SCRIPT, script);
	return err ? err : nl_talk(nl, &req, NULL);
}

static int lunatik_stop(const char *script)
{
	struct nl nl;
	int err;

	if (lunatik_checkname("stop", script))
		return EXIT_FAILURE;
	if (nl_open(&nl))
		return EXIT_FAILURE;
	err = lunatik_stopname(&nl, script);
	if (err)
		lunatik_failed(&nl, "stop", script, err);
	nl_close(&nl);
	return err ? EXIT_FAILURE : EXIT_SUCCESS;
}

struct lunatik_entry {
	char script[LUNATIK_SCRIPT_MAX + 1];
	__u32 context;
	__u64 quota;
	__u64 memory;
	__u32 refcount;
	__u32 thread;
	__u64 drops;
};

struct lunatik_entries {
	struct lunatik_entry *entry;
	size_t n;
	size_t size;
};

static int lunatik_list_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LUNATIK_A_RUNTIME_MAX + 1];
	struct lunatik_entries *list = arg;
	struct lunatik_entry *e;
	const char *script;

	if (nl_genl_attrs(nlh, tb, LUNATIK_A_RUNTIME_MAX))
		return -EBADMSG;
	script = nl_attr_str(tb[LUNATIK_A_RUNTIME_SCRIPT]);
	if (!script)
		return -EBADMSG;
	if (list->n == list->size) {
		size_t size = list->size ? 2 * list->size : 16;

		e = realloc(list->entry, size * sizeof(*e));
		if (!e)
			return -ENOMEM;
		list->entry = e;
		list->size = size;
	}
	e = &list->entry[list->n++];
	snprintf(e->script, sizeof(e->script), "%s", script);
	e->context = nl_attr_u32(tb[LUNATIK_A_RUNTIME_CONTEXT]);
	e->quota = nl_attr_u64(tb[LUNATIK_A_RUNTIME_QUOTA]);
	e->memory = nl_attr_u64(tb[LUNATIK_A_RUNTIME_MEMORY]);
	e->refcount = nl_attr_u32(tb[LUNATIK_A_RUNTIME_REFCOUNT]);
	e->thread = nl_attr_u32(tb[LUNATIK_A_RUNTIME_THREAD]);
	e->drops = nl_attr_u64(tb[LUNATIK_A_RUNTIME_DROPS]);
	return 0;
}

/* SCRIPT CONTEXT MEMORY QUOTA REFS THREAD DROPS, one runtime a line */
static int lunatik_list(void)
{
	struct lunatik_entries list = { NULL, 0, 0 };
	struct nl_handler handler = { lunatik_list_cb, &list };
	int width = strlen("SCRIPT");
	union nl_req req;
	struct nl nl;
	size_t i;
	int err;

	if (nl_open(&nl))
		return EXIT_FAILURE;
	nl_lunatik_req(&nl, &req, NLM_F_DUMP, LUNATIK_CMD_LIST);
	err = nl_talk(&nl, &req, &handler);
	if (err) {
		lunatik_failed(&nl, "list", NULL, err);
		goto out;
	}

	for (i = 0; i < list.n; i++) {
		int len = strlen(list.entry[i].script);

		if (len > width)
			width = len;
	}
	printf("%-*s %-7s %10s %10s %4s %6s %5s\n", width, "SCRIPT", "CONTEXT", "MEMORY",
	       "QUOTA", "REFS", "THREAD", "DROPS");
	for (i = 0; i < list.n; i++) {
		const struct lunatik_entry *e = &list.entry[i];
		char context[16], thread[16];

		if (e->context < ARRAY_SIZE(lunatik_contexts))
			snprintf(context, sizeof(context), "%s", lunatik_contexts[e->context]);
		else
			snprintf(context, sizeof(context), "%u", e->context);
		if (e->thread)
			snprintf(thread, sizeof(thread), "%u", e->thread);
		else
			snprintf(thread, sizeof(thread), "-");
		printf("%-*s %-7s %10llu %10llu %4u %6s %5llu\n", width, e->script, context,
		       (unsigned long long)e->memory, (unsigned long long)e->quota, e->refcount,
		       thread, (unsigned long long)e->drops);
	}
	if (fflush(stdout)) {
		fprintf(stderr, "lunatik: list: %s\n", strerror(errno));
		err = -errno;
	}
out:
	free(list.entry);
	nl_close(&nl);
	return err ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* the REPL */

struct lunatik_reply {
	char *result;
	char *error;
};

static int lunatik_exec_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[LUNATIK_A_RUNTIME_MAX + 1];
	struct lunatik_reply *reply = arg;
	const char *text;

	if (nl_genl_attrs(nlh, tb, LUNATIK_A_RUNTIME_MAX))
		return -EBADMSG;
	text = nl_attr_str(tb[LUNATIK_A_RUNTIME_ERROR]);
	if (text) {
		reply->error = strdup(text);
		return reply->error ? 0 : -ENOMEM;
	}
	text = nl_attr_str(tb[LUNATIK_A_RUNTIME_RESULT]);
	if (!text)
		return -EBADMSG;
	reply->result = strdup(text);
	return reply->result ? 0 : -ENOMEM;
}

/* a syntax error at the end of the chunk: more lines may complete it */
static bool lunatik_incomplete(const char *error)
{
	static const char eof[] = "<eof>";
	size_t len = strlen(error);

	return !strncmp(error, "stdin:", strlen("stdin:")) && len >= strlen(eof) &&
	       !strcmp(error + len - strlen(eof), eof);
}

/* a line without its newline, malloc()ed, or NULL at the end of the input */
static char *lunatik_readline(bool tty, const char *prompt)
{
	char *line = NULL;
	size_t size = 0;
	ssize_t len;

#if LUNATIK_LINE_EDITING
	if (tty)
		return readline(prompt);
#endif
	if (tty) {
		fputs(prompt, stdout);
		fflush(stdout);
	}
	len = getline(&line, &size, stdin);
	if (len < 0) {
		free(line);
		return NULL;
	}
	if (len > 0 && line[len - 1] == '\n')
		line[len - 1] = '\0';
	return line;
}

static bool lunatik_blank(const char *line)
{
	while (isspace((unsigned char)*line))
		line++;
	return !*line;
}

/* @chunk, a newline and @line, in a new string */
static char *lunatik_append(char *chunk, const char *line)
{
	size_t len = strlen(chunk);
	char *more = realloc(chunk, len + 1 + strlen(line) + 1);

	if (!more) {
		free(chunk);
		return NULL;
	}
	more[len] = '\n';
	memcpy(more + len + 1, line, strlen(line) + 1);
	return more;
}

/* each chunk read runs in the REPL runtime of one socket, kept for the session */
static int lunatik_repl(void)
{
	bool tty = isatty(STDIN_FILENO);
	char *incomplete = NULL;
	char *chunk = NULL;
	struct nl nl;
	int ret = EXIT_SUCCESS;

	if (nl_open(&nl))
		return EXIT_FAILURE;
	if (tty) {
		printf("Lunatik %s (%s)  Ctrl-D to quit\n", LUNATIK_VERSION, LUNATIK_LUA_VERSION);
#if LUNATIK_LINE_EDITING
		rl_readline_name = "lunatik";
		using_history();
#endif
	}

	for (;;) {
		struct lunatik_reply reply = { NULL, NULL };
		struct nl_handler handler = { lunatik_exec_cb, &reply };
		union nl_req req;
		char *line;
		int err;

		line = lunatik_readline(tty, chunk ? ">> " : "> ");
		if (!line)
			break;
		if (!chunk && lunatik_blank(line)) {
			free(line);
			continue;
		}
		if (chunk) {
			chunk = lunatik_append(chunk, line);
			free(line);
		} else {
			chunk = line;
		}
		if (!chunk) {
			fprintf(stderr, "lunatik: %s\n", strerror(ENOMEM));
			ret = EXIT_FAILURE;
			break;
		}
		if (strlen(chunk) > LUNATIK_CHUNK_MAX) {
			fprintf(stderr, "lunatik: chunk too long (at most %d bytes)\n",
				LUNATIK_CHUNK_MAX);
			free(incomplete);
			incomplete = NULL;
			free(chunk);
			chunk = NULL;
			continue;
		}

		nl_lunatik_req(&nl, &req, NLM_F_ACK, LUNATIK_CMD_EXEC);
		err = nl_put_str(&req, LUNATIK_A_RUNTIME_CHUNK, chunk);
		if (!err)
			err = nl_talk(&nl, &req, &handler);
		if (!err && !reply.error && !reply.result)
			err = -EPROTO;
		if (err) {
			lunatik_failed(&nl, "exec", NULL, err);
			free(reply.result);
			free(reply.error);
			ret = EXIT_FAILURE;
			break;
		}

		free(incomplete);
		incomplete = NULL;
		if (reply.error && lunatik_incomplete(reply.error)) {
			/* the chunk goes on, on the next line */
			incomplete = reply.error;
			continue;
		}
		if (reply.error) {
			fflush(stdout);
			fprintf(stderr, "%s\n", reply.error);
		} else if (*reply.result) {
			printf("%s\n", reply.result);
		}
		fflush(stdout);
#if LUNATIK_LINE_EDITING
		if (tty)
			add_history(chunk);
#endif
		free(reply.result);
		free(reply.error);
		free(chunk);
		chunk = NULL;
	}

	/* the input ended within a chunk */
	if (ret == EXIT_SUCCESS && incomplete) {
		fflush(stdout);
		fprintf(stderr, "%s\n", incomplete);
	}
	if (ret == EXIT_SUCCESS && tty)
		putchar('\n');
	free(incomplete);
	free(chunk);
	nl_close(&nl);
	return ret;
}

/* modules */

enum lunatik_state {
	LUNATIK_ABSENT,
	LUNATIK_LOADED,
	LUNATIK_BUILTIN,
};

static bool lunatik_exists(const char *module, const char *file)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/module/%s%s", module, file);
	return access(path, F_OK) == 0;
}

/* modules.builtin of the running kernel lists lunatik.ko */
static bool lunatik_listed_builtin(void)
{
	char path[PATH_MAX], line[PATH_MAX];
	bool builtin = false;
	struct utsname uts;
	FILE *file;

	if (uname(&uts))
		return false;
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.builtin", uts.release);
	file = fopen(path, "re");
	if (!file)
		return false;
	while (!builtin && fgets(line, sizeof(line), file)) {
		char *base = strrchr(line, '/');

		line[strcspn(line, "\n")] = '\0';
		builtin = !strcmp(base ? base + 1 : line, LUNATIK_MODULE ".ko");
	}
	fclose(file);
	return builtin;
}

static enum lunatik_state lunatik_state(void)
{
	/* a built-in module has no initstate */
	if (lunatik_exists(LUNATIK_MODULE, ""))
		return lunatik_exists(LUNATIK_MODULE, "/initstate") ? LUNATIK_LOADED :
								      LUNATIK_BUILTIN;
	return lunatik_listed_builtin() ? LUNATIK_BUILTIN : LUNATIK_ABSENT;
}

static int lunatik_modprobe(bool remove, const char *module)
{
	const char *argv[4] = { "modprobe" };
	int status;
	pid_t pid;

	argv[1] = remove ? "-r" : module;
	argv[2] = remove ? module : NULL;
	argv[3] = NULL;
	if (verbose)
		printf("modprobe %s%s\n", remove ? "-r " : "", module);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "lunatik: cannot run modprobe: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execvp("modprobe", (char *const *)argv);
		/* not on the PATH of a user who is not root */
		execv("/sbin/modprobe", (char *const *)argv);
		execv("/usr/sbin/modprobe", (char *const *)argv);
		fprintf(stderr, "lunatik: cannot run modprobe: %s\n", strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "lunatik: modprobe: %s\n", strerror(errno));
			return -1;
		}
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* the first module in @module's holders, into @holder; false for none */
static bool lunatik_holder(const char *module, char *holder, size_t size)
{
	char path[PATH_MAX];
	struct dirent *d;
	bool found = false;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/module/%s/holders", module);
	dir = opendir(path);
	if (!dir)
		return false;
	for (d = readdir(dir); d && !found; d = readdir(dir)) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(holder, size, "%s", d->d_name);
		found = true;
	}
	closedir(dir);
	return found;
}

/* unloads the modules that hold @module, then @module */
static int lunatik_unload_module(const char *module, int depth)
{
	char holder[MODULE_NAME_MAX * 4];
	int tries = 0;

	if (depth > MODULE_DEPTH_MAX) {
		fprintf(stderr, "lunatik: unload: modules hold %s too deep\n", module);
		return -1;
	}
	while (lunatik_holder(module, holder, sizeof(holder))) {
		if (++tries > MODULE_LIST_MAX) {
			fprintf(stderr, "lunatik: unload: %s stays held by %s\n", module, holder);
			return -1;
		}
		if (lunatik_unload_module(holder, depth + 1))
			return -1;
	}
	/* modprobe -r of a holder may have removed it, as a dependency */
	if (!lunatik_exists(module, ""))
		return 0;
	if (lunatik_modprobe(true, module)) {
		fprintf(stderr, "lunatik: unload: cannot unload %s\n", module);
		return -1;
	}
	return 0;
}

static int lunatik_load(void)
{
	if (lunatik_state() == LUNATIK_BUILTIN) {
		printf("lunatik: Lunatik is built into the kernel\n");
		return EXIT_SUCCESS;
	}
	if (lunatik_modprobe(false, LUNATIK_MODULE)) {
		fprintf(stderr, "lunatik: load: modprobe %s failed\n", LUNATIK_MODULE);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

/*
 * Stops every runtime run by name, as "lunatik stop" would, before an
 * unload: the objects of a runtime hold the modules of its bindings, which
 * would be in use. A runtime that has gone meanwhile is no error. Returns
 * 0, or -1 after a message.
 */
static int lunatik_stopall(const char *op)
{
	struct lunatik_entries list = { NULL, 0, 0 };
	struct nl_handler handler = { lunatik_list_cb, &list };
	char what[32];
	union nl_req req;
	struct nl nl;
	size_t i;
	int err;

	err = nl_connect(&nl);
	if (err == -ENOENT)	/* no family, so no runtime */
		return 0;
	if (err)
		return -1;
	nl_lunatik_req(&nl, &req, NLM_F_DUMP, LUNATIK_CMD_LIST);
	err = nl_talk(&nl, &req, &handler);
	if (err) {
		snprintf(what, sizeof(what), "%s: list", op);
		lunatik_failed(&nl, what, NULL, err);
	}
	for (i = 0; !err && i < list.n; i++) {
		const char *script = list.entry[i].script;

		if (verbose)
			printf("stop %s\n", script);
		err = lunatik_stopname(&nl, script);
		if (err == -ENOENT)	/* stopped by someone else */
			err = 0;
		if (err) {
			snprintf(what, sizeof(what), "%s: stop", op);
			lunatik_failed(&nl, what, script, err);
		}
	}
	free(list.entry);
	nl_close(&nl);
	return err ? -1 : 0;
}

static int lunatik_unload(const char *op)
{
	switch (lunatik_state()) {
	case LUNATIK_BUILTIN:
		fprintf(stderr, "lunatik: %s: %s\n", op,
			"Lunatik is built into the kernel and cannot be unloaded");
		return EXIT_FAILURE;
	case LUNATIK_ABSENT:
		return EXIT_SUCCESS;
	default:
		if (lunatik_stopall(op) || lunatik_unload_module(LUNATIK_MODULE, 0))
			return EXIT_FAILURE;
		return EXIT_SUCCESS;
	}
}

static int lunatik_reload(void)
{
	if (lunatik_unload("reload"))
		return EXIT_FAILURE;
	return lunatik_load();
}

struct lunatik_modules {
	char name[MODULE_LIST_MAX][MODULE_NAME_MAX];
	int n;
};

/* the modules that hold @module, and those holding them, once each */
static void lunatik_holders(const char *module, struct lunatik_modules *list, int depth)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;

	if (depth > MODULE_DEPTH_MAX)
		return;
	snprintf(path, sizeof(path), "/sys/module/%s/holders", module);
	dir = opendir(path);
	if (!dir)
		return;
	for (d = readdir(dir); d; d = readdir(dir)) {
		int i;

		if (d->d_name[0] == '.' || strlen(d->d_name) >= MODULE_NAME_MAX)
			continue;
		for (i = 0; i < list->n && strcmp(list->name[i], d->d_name); i++)
			;
		if (i < list->n || list->n == MODULE_LIST_MAX)
			continue;
		snprintf(list->name[list->n++], MODULE_NAME_MAX, "%s", d->d_name);
		lunatik_holders(d->d_name, list, depth + 1);
	}
	closedir(dir);
}

static int lunatik_namecmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int lunatik_status(void)
{
	struct lunatik_modules *list;
	int i;

	switch (lunatik_state()) {
	case LUNATIK_BUILTIN:
		printf("Lunatik is built into the kernel\n");
		return EXIT_SUCCESS;
	case LUNATIK_ABSENT:
		printf("Lunatik is not loaded\n");
		return EXIT_FAILURE;
	default:
		break;
	}
	printf("Lunatik is loaded\n");
	list = calloc(1, sizeof(*list));
	if (!list) {
		fprintf(stderr, "lunatik: status: %s\n", strerror(ENOMEM));
		return EXIT_FAILURE;
	}
	lunatik_holders(LUNATIK_MODULE, list, 0);
	qsort(list->name, list->n, sizeof(list->name[0]), lunatik_namecmp);
	printf("Modules holding it:");
	for (i = 0; i < list->n; i++)
		printf(" %s", list->name[i]);
	printf("%s\n", list->n ? "" : " none");
	free(list);
	return EXIT_SUCCESS;
}

/* the command line */

static int lunatik_quota(const char *arg, __u64 *quota)
{
	unsigned long long value;
	unsigned int shift = 0;
	char *end;

	if (!isdigit((unsigned char)*arg))
		return -EINVAL;
	errno = 0;
	value = strtoull(arg, &end, 10);
	if (errno)
		return -errno;
	switch (toupper((unsigned char)*end)) {
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	}
	if (shift)
		end++;
	if (*end)
		return -EINVAL;
	if (value > ULLONG_MAX >> shift)
		return -ERANGE;
	*quota = value << shift;
	return 0;
}

int main(int argc, char *argv[])
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quota", required_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct lunatik_opts opts = { false, 0 };
	const char *cmd;
	int nargs;
	int opt;

	while ((opt = getopt_long(argc, argv, "hq:vV", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			lunatik_usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("lunatik %s\n", LUNATIK_VERSION);
			return EXIT_SUCCESS;
		case 'v':
			verbose = true;
			break;
		case 'q':
			if (lunatik_quota(optarg, &opts.quota))
				return lunatik_badusage("invalid quota '%s'", optarg);
			opts.hasquota = true;
			break;
		default:
			fputc('\n', stderr);
			lunatik_usage(stderr);
			return EXIT_FAILURE;
		}
	}
	argv += optind;
	argc -= optind;

	if (!argc) {
		if (opts.hasquota)
			return lunatik_badusage("%s: --quota applies to run and spawn", "REPL");
		return lunatik_repl();
	}
	cmd = argv[0];
	nargs = argc - 1;
	if (opts.hasquota && strcmp(cmd, "run") && strcmp(cmd, "spawn"))
		return lunatik_badusage("%s: --quota applies to run and spawn", cmd);

	if (!strcmp(cmd, "run") || !strcmp(cmd, "spawn") || !strcmp(cmd, "stop")) {
		int max = strcmp(cmd, "run") ? 1 : 2;

		if (nargs < 1)
			return lunatik_badusage("%s: missing script name", cmd);
		if (nargs > max)
			return lunatik_badusage("%s: too many arguments", cmd);
		if (!strcmp(cmd, "stop"))
			return lunatik_stop(argv[1]);
		if (!strcmp(cmd, "spawn"))
			return lunatik_run(&opts, argv[1], NULL);
		return lunatik_run(&opts, argv[1], nargs == 2 ? argv[2] : "");
	}

	if (nargs > 0 && (!strcmp(cmd, "load") || !strcmp(cmd, "unload") ||
			  !strcmp(cmd, "reload") || !strcmp(cmd, "status") || !strcmp(cmd, "list")))
		return lunatik_badusage("%s: too many arguments", cmd);
	if (!strcmp(cmd, "load"))
		return lunatik_load();
	if (!strcmp(cmd, "unload"))
		return lunatik_unload("unload");
	if (!strcmp(cmd, "reload"))
		return lunatik_reload();
	if (!strcmp(cmd, "status"))
		return lunatik_status();
	if (!strcmp(cmd, "list"))
		return lunatik_list();
	return lunatik_badusage("unknown command '%s'", cmd);
}
