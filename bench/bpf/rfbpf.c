// SPDX-License-Identifier: GPL-2.0
/*
 * rfbpf: loader of the BPF twin of routefence (twin.bpf.c), for the
 * forwarding benchmark.
 *
 *   rfbpf load POLICY DEV [PINDIR]   load the program sized to POLICY (an
 *                                    "rfence load" file), fill its maps,
 *                                    attach it to DEV's clsact ingress in
 *                                    the current network namespace, pin
 *                                    its counters in PINDIR (a bpffs)
 *   rfbpf stats PINDIR               the counters, summed over the CPUs
 *
 * The program object is twin.bpf.o next to this executable (RFBPF_OBJ
 * overrides). POLICY may hold what the benchmark's policies hold:
 * "config set mode enforce|audit unmanaged accept|drop", "network add NAME
 * id N", "prefix add PREFIX network NAME", "link add NAME NAME", comments.
 * Anything else (interface bindings, default-route deny, networks without
 * an id) is refused: the twin does not implement it. The file is trusted
 * to be one that rfence accepts (no overlapping prefixes between networks
 * are checked here). Prefixes go into the tries one bpf() call each: the
 * LPM trie has no batch update.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <search.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "twin.h"

#define NET_ID_MAX 4095		/* RF_NET_ID_MAX */

struct net {
	char *name;
	__u32 id;
};

struct pfx {
	__u8 addr[16];
	__u32 plen;
	__u32 id;
};

struct vec {
	void *v;
	size_t n, cap, size;
};

struct policy {
	void *names;		/* tsearch() tree of struct net */
	struct vec p4, p6;	/* struct pfx */
	struct vec links;	/* __u32[2] */
	__u32 max_id;
	__u32 flags;		/* TWIN_F_* */
	const char *file;
	unsigned int line;
};

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("rfbpf: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 4096;
		v->v = realloc(v->v, v->cap * v->size);
		if (!v->v)
			die("out of memory");
	}
	return (char *)v->v + v->n++ * v->size;
}

static void bad(struct policy *p, const char *what, const char *arg)
{
	die("%s:%u: %s%s%s", p->file, p->line, what, arg ? ": " : "",
	    arg ? arg : "");
}

static int net_cmp(const void *a, const void *b)
{
	return strcmp(((const struct net *)a)->name,
		      ((const struct net *)b)->name);
}

static __u32 net_id(struct policy *p, const char *name)
{
	struct net key = { .name = (char *)name }, **n;

	if (!name)
		bad(p, "network name expected", NULL);
	n = tfind(&key, &p->names, net_cmp);
	if (!n)
		bad(p, "unknown network", name);
	return (*n)->id;
}

/* "config set mode enforce|audit unmanaged accept|drop" */
static void parse_config(struct policy *p, char **save)
{
	char *k, *v;

	if (!(k = strtok_r(NULL, " \t", save)) || strcmp(k, "set"))
		bad(p, "only \"config set\" is supported", k);
	while ((k = strtok_r(NULL, " \t", save))) {
		v = strtok_r(NULL, " \t", save);
		if (!v)
			bad(p, "value expected after", k);
		if (!strcmp(k, "mode") && !strcmp(v, "enforce"))
			p->flags &= ~TWIN_F_AUDIT;
		else if (!strcmp(k, "mode") && !strcmp(v, "audit"))
			p->flags |= TWIN_F_AUDIT;
		else if (!strcmp(k, "unmanaged") && !strcmp(v, "accept"))
			p->flags &= ~TWIN_F_UNMANAGED_DROP;
		else if (!strcmp(k, "unmanaged") && !strcmp(v, "drop"))
			p->flags |= TWIN_F_UNMANAGED_DROP;
		else
			bad(p, "setting not supported by the BPF twin", k);
	}
}

/* "network add NAME id N [default-route allow]" */
static void parse_network(struct policy *p, char **save)
{
	char *name = strtok_r(NULL, " \t", save);
	char *k = strtok_r(NULL, " \t", save);
	char *v = strtok_r(NULL, " \t", save), *end;
	struct net *n;
	unsigned long id;

	if (!name || !k || strcmp(k, "id") || !v)
		bad(p, "\"network add NAME id N\" expected (the twin needs ids)",
		    NULL);
	id = strtoul(v, &end, 0);
	if (*end || !id || id > NET_ID_MAX)
		bad(p, "network id out of range 1..4095", v);
	while ((k = strtok_r(NULL, " \t", save))) {
		v = strtok_r(NULL, " \t", save);
		if (strcmp(k, "default-route") || !v || strcmp(v, "allow"))
			bad(p, "not supported by the BPF twin", k);
	}
	n = malloc(sizeof(*n));
	if (!n || !(n->name = strdup(name)))
		die("out of memory");
	n->id = id;
	if (*(struct net **)tsearch(n, &p->names, net_cmp) != n)
		bad(p, "duplicate network", name);
	if (id > p->max_id)
		p->max_id = id;
}

/* "prefix add ADDR/LEN network NAME" */
static void parse_prefix(struct policy *p, char **save)
{
	char *s = strtok_r(NULL, " \t", save), *k, *slash, *end;
	int v6, bits, i;
	struct pfx *x;
	unsigned long len;

	k = strtok_r(NULL, " \t", save);
	if (!s || !k || strcmp(k, "network") || !(slash = strchr(s, '/')))
		bad(p, "\"prefix add ADDR/LEN network NAME\" expected", NULL);
	*slash = 0;
	v6 = !!strchr(s, ':');
	bits = v6 ? 128 : 32;
	x = vec_push(v6 ? &p->p6 : &p->p4);
	memset(x, 0, sizeof(*x));
	len = strtoul(slash + 1, &end, 10);
	if (inet_pton(v6 ? AF_INET6 : AF_INET, s, x->addr) != 1 || *end ||
	    slash[1] == 0 || len > bits)
		bad(p, "bad prefix", s);
	for (i = len; i < bits; i++)
		if (x->addr[i / 8] & (0x80 >> (i % 8)))
			bad(p, "host bits set in prefix", s);
	x->plen = len;
	x->id = net_id(p, strtok_r(NULL, " \t", save));
}

static void parse_line(struct policy *p, char *l)
{
	char *save, *obj, *verb;
	__u32 *pair;

	l[strcspn(l, "#\n")] = 0;
	obj = strtok_r(l, " \t", &save);
	if (!obj)
		return;
	if (!strcmp(obj, "config")) {
		parse_config(p, &save);
		return;
	}
	verb = strtok_r(NULL, " \t", &save);
	if (!verb || strcmp(verb, "add"))
		bad(p, "only \"add\" is supported", verb);
	if (!strcmp(obj, "network")) {
		parse_network(p, &save);
	} else if (!strcmp(obj, "prefix")) {
		parse_prefix(p, &save);
	} else if (!strcmp(obj, "link")) {
		pair = vec_push(&p->links);
		pair[0] = net_id(p, strtok_r(NULL, " \t", &save));
		pair[1] = net_id(p, strtok_r(NULL, " \t", &save));
	} else {
		bad(p, "not supported by the BPF twin", obj);
	}
}

static void parse_file(struct policy *p, const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t sz = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	/* large reads: the benchmark's guest reads it over 9p */
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	p->file = path;
	p->p4.size = p->p6.size = sizeof(struct pfx);
	p->links.size = 2 * sizeof(__u32);
	while (getline(&buf, &sz, f) > 0) {
		p->line++;
		parse_line(p, buf);
	}
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	free(buf);
}

static struct bpf_map *map(struct bpf_object *obj, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	if (!m)
		die("map %s missing from the object", name);
	return m;
}

static __u32 stride(const struct policy *p)
{
	return p->max_id + 1;
}

/* Size the maps and set the program's settings, before it is loaded. */
static void configure(struct bpf_object *obj, const struct policy *p)
{
	struct twin_conf conf = { .stride = stride(p), .flags = p->flags };
	struct bpf_map *ro = NULL, *m;
	size_t sz;

	bpf_map__set_max_entries(map(obj, "net4"), p->p4.n ? p->p4.n : 1);
	bpf_map__set_max_entries(map(obj, "net6"), p->p6.n ? p->p6.n : 1);
	bpf_map__set_max_entries(map(obj, "links"),
				 (stride(p) * stride(p) + 63) / 64);
	bpf_object__for_each_map(m, obj)
		if (strstr(bpf_map__name(m), ".rodata"))
			ro = m;
	if (!ro)
		die("no .rodata in the object");
	/* twin_conf is all of it */
	if (!bpf_map__initial_value(ro, &sz) || sz != sizeof(conf))
		die("unexpected .rodata of %zu bytes", sz);
	if (bpf_map__set_initial_value(ro, &conf, sizeof(conf)))
		die("cannot set the program's settings");
}

static void fill_tries(struct bpf_object *obj, const struct policy *p)
{
	int fd4 = bpf_map__fd(map(obj, "net4"));
	int fd6 = bpf_map__fd(map(obj, "net6"));
	struct twin_key4 k4;
	struct twin_key6 k6;
	struct pfx *x;
	size_t i;

	for (i = 0, x = p->p4.v; i < p->p4.n; i++, x++) {
		k4.plen = x->plen;
		memcpy(k4.addr, x->addr, 4);
		if (bpf_map_update_elem(fd4, &k4, &x->id, BPF_NOEXIST))
			die("net4 update: %s", strerror(errno));
	}
	for (i = 0, x = p->p6.v; i < p->p6.n; i++, x++) {
		k6.plen = x->plen;
		memcpy(k6.addr, x->addr, 16);
		if (bpf_map_update_elem(fd6, &k6, &x->id, BPF_NOEXIST))
			die("net6 update: %s", strerror(errno));
	}
}

static void set_bit(__u64 *bm, __u32 bit)
{
	bm[bit / 64] |= 1ULL << (bit % 64);
}

static void fill_links(struct bpf_object *obj, const struct policy *p)
{
	struct bpf_map *m = map(obj, "links");
	size_t sz = bpf_map__max_entries(m) * sizeof(__u64);
	long pg = sysconf(_SC_PAGESIZE);
	__u32 *pair = p->links.v;
	__u64 *bm;
	size_t i;

	sz = (sz + pg - 1) / pg * pg;
	bm = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED,
		  bpf_map__fd(m), 0);
	if (bm == MAP_FAILED)
		die("mmap links: %s", strerror(errno));
	for (i = 0; i < p->links.n; i++, pair += 2) {
		set_bit(bm, pair[0] * stride(p) + pair[1]);
		set_bit(bm, pair[1] * stride(p) + pair[0]);
	}
	munmap(bm, sz);
}

static void attach(struct bpf_object *obj, const char *dev)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, "rf_twin");
	unsigned int ifindex = if_nametoindex(dev);
	LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts);
	int err;

	if (!ifindex)
		die("%s: %s", dev, strerror(errno));
	if (!prog)
		die("program rf_twin missing from the object");
	hook.ifindex = ifindex;
	opts.prog_fd = bpf_program__fd(prog);
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST)
		die("%s: clsact: %s", dev, strerror(-err));
	err = bpf_tc_attach(&hook, &opts);
	if (err)
		die("%s: attach: %s", dev, strerror(-err));
}

static const char *obj_path(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("RFBPF_OBJ");
	ssize_t n;

	if (env)
		return env;
	n = readlink("/proc/self/exe", buf, sizeof(buf) - sizeof("twin.bpf.o"));
	if (n <= 0)
		die("/proc/self/exe: %s", strerror(errno));
	buf[n] = 0;
	strcpy(strrchr(buf, '/') + 1, "twin.bpf.o");
	return buf;
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt,
		      va_list ap)
{
	return level == LIBBPF_DEBUG ? 0 : vfprintf(stderr, fmt, ap);
}

static int cmd_load(int argc, char **argv)
{
	struct policy p = { 0 };
	struct bpf_object *obj;
	char pin[PATH_MAX];
	int err;

	if (argc < 2 || argc > 3)
		die("usage: rfbpf load POLICY DEV [PINDIR]");
	parse_file(&p, argv[0]);
	obj = bpf_object__open_file(obj_path(), NULL);
	if (!obj)
		die("%s: %s", obj_path(), strerror(errno));
	configure(obj, &p);
	err = bpf_object__load(obj);
	if (err)
		die("load: %s", strerror(-err));
	fill_tries(obj, &p);
	fill_links(obj, &p);
	if (argc == 3) {
		snprintf(pin, sizeof(pin), "%s/counters", argv[2]);
		err = bpf_map__pin(map(obj, "counters"), pin);
		if (err)
			die("pin %s: %s", pin, strerror(-err));
	}
	attach(obj, argv[1]);
	printf("rfbpf: %zu IPv4 + %zu IPv6 prefixes, %zu links, %u networks"
	       " (highest id), on %s\n", p.p4.n, p.p6.n, p.links.n, p.max_id,
	       argv[1]);
	bpf_object__close(obj);
	return 0;
}

static int cmd_stats(int argc, char **argv)
{
	static const char * const names[TWIN_NR_COUNTERS] = {
		[TWIN_FWD] = "fwd-packets",
		[TWIN_NOT_LINKED] = "not-linked",
		[TWIN_UNMANAGED] = "unmanaged",
	};
	int ncpu = libbpf_num_possible_cpus(), fd, c;
	char pin[PATH_MAX];
	__u64 *v, sum;
	__u32 k;

	if (argc != 1)
		die("usage: rfbpf stats PINDIR");
	snprintf(pin, sizeof(pin), "%s/counters", argv[0]);
	fd = bpf_obj_get(pin);
	if (fd < 0)
		die("%s: %s", pin, strerror(errno));
	v = calloc(ncpu, sizeof(*v));
	if (ncpu <= 0 || !v)
		die("cannot count the CPUs");
	for (k = 0; k < TWIN_NR_COUNTERS; k++) {
		if (bpf_map_lookup_elem(fd, &k, v))
			die("counters: %s", strerror(errno));
		for (sum = 0, c = 0; c < ncpu; c++)
			sum += v[c];
		printf("%s %llu\n", names[k], (unsigned long long)sum);
	}
	return 0;
}

int main(int argc, char **argv)
{
	libbpf_set_print(libbpf_log);
	if (argc >= 2 && !strcmp(argv[1], "load"))
		return cmd_load(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "stats"))
		return cmd_stats(argc - 2, argv + 2);
	die("usage: rfbpf load POLICY DEV [PINDIR] | rfbpf stats PINDIR");
	return 1;
}
