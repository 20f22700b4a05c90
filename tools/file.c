// SPDX-License-Identifier: GPL-2.0
/*
 * Policy files: read, check, split into lines, parse into requests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rfence.h"
#include "cmds.h"
#include "err.h"
#include "file.h"
#include "text.h"

#define PARSE_MAX_ERRORS	10

static int read_all(FILE *f, struct rf_text *t)
{
	size_t cap = 1 << 16, n;
	char *p;

	t->buf = malloc(cap);
	if (!t->buf)
		return -ENOMEM;
	while ((n = fread(t->buf + t->len, 1, cap - t->len - 1, f)) > 0) {
		t->len += n;
		if (t->len + 1 < cap)
			continue;
		p = realloc(t->buf, cap *= 2);
		if (!p)
			return -ENOMEM;
		t->buf = p;
	}
	t->buf[t->len] = '\0';
	return ferror(f) ? -EIO : 0;
}

int rf_file_read(const struct rf_loc *loc, const char *file, struct rf_text *t)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	int ret;

	memset(t, 0, sizeof(*t));
	t->file = file;
	if (!f) {
		rf_err(loc, "cannot open %s: %s", RF_Q(file), strerror(errno));
		return -1;
	}
	errno = 0;
	ret = read_all(f, t);
	if (ret == -EIO && errno)
		ret = -errno;
	if (ret)
		rf_err(loc, "cannot read %s: %s", RF_Q(file), strerror(-ret));
	if (f != stdin)
		fclose(f);
	if (ret)
		rf_text_free(t);
	return ret ? -1 : 0;
}

void rf_text_free(struct rf_text *t)
{
	free(t->buf);
	t->buf = NULL;
}

int rf_text_begin(struct rf_text *t)
{
	size_t start;

	if (rf_text_check(t->file, t->buf, t->len, &start))
		return -1;
	t->next = t->buf + start;
	t->line = 0;
	return 0;
}

char *rf_text_line(struct rf_text *t)
{
	char *line = t->next;

	if (!line || line == t->buf + t->len)
		return NULL;
	t->next = strchr(line, '\n');
	if (t->next)
		*t->next++ = '\0';
	t->line++;
	return line;
}

static struct rf_req *new_req(struct rf_policy *p)
{
	struct rf_req *r;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;

		r = realloc(p->reqs, cap * sizeof(*r));
		if (!r)
			return NULL;
		p->reqs = r;
		p->cap = cap;
	}
	r = &p->reqs[p->n];
	memset(r, 0, sizeof(*r));
	return r;
}

/* One line into the next request; 0 for blank lines too. */
static int parse_line(struct rf_policy *p, const struct rf_loc *loc, char *line)
{
	char *argv[RF_MAX_WORDS];
	int argc = rf_tokenize(loc, line, argv, RF_MAX_WORDS);
	struct rf_req *req;

	if (argc <= 0)
		return argc;
	req = new_req(p);
	if (!req) {
		rf_err(loc, "out of memory");
		return -1;
	}
	if (rf_parse_write(loc, argc, argv, req))
		return -1;
	req->line = loc->line;
	p->n++;
	return 0;
}

int rf_policy_parse(struct rf_text *t, struct rf_policy *p)
{
	struct rf_loc loc = { t->file, 0, 0 };
	unsigned int errors = 0;
	char *line;

	if (rf_text_begin(t))
		return -1;
	while ((line = rf_text_line(t))) {
		loc.line = t->line;
		if (parse_line(p, &loc, line) && ++errors == PARSE_MAX_ERRORS)
			break;
	}
	return errors ? -1 : 0;
}

void rf_policy_free(struct rf_policy *p)
{
	free(p->reqs);
	memset(p, 0, sizeof(*p));
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Not a regular file (a terminal, a pipe): written as it is. */
static int write_in_place(const struct rf_loc *loc, const char *file,
			  const char *buf, size_t len)
{
	int fd = open(file, O_WRONLY | O_CLOEXEC), ret;

	ret = fd < 0 ? -errno : write_all(fd, buf, len);
	if (fd >= 0 && close(fd) && !ret)
		ret = -errno;
	if (ret)
		rf_err(loc, "cannot write %s: %s", RF_Q(file), strerror(-ret));
	return ret;
}

/*
 * A new file gets what the umask lets through; a replaced one keeps its
 * mode and, where allowed, its owner.
 */
static void set_mode(int fd, const struct stat *old)
{
	mode_t mask;

	if (old) {
		if (fchown(fd, old->st_uid, old->st_gid))
			fchmod(fd, old->st_mode & 0777);
		else
			fchmod(fd, old->st_mode & 07777);
		return;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
}

/* The whole of @buf on the disk, then closed. */
static int write_sync(int fd, const char *buf, size_t len)
{
	int ret = write_all(fd, buf, len);

	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

/* PATH's directory, made durable after a rename in it. */
static int sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash - path + 1) : strdup(".");
	int fd, ret = -ENOMEM;

	if (dir) {
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		ret = fd < 0 || fsync(fd) ? -errno : 0;
		if (fd >= 0)
			close(fd);
	}
	free(dir);
	return ret;
}

/* ".NAME.XXXXXX" in the directory of @path. */
static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? slash - path + 1 : 0;
	char *tmp;

	if (asprintf(&tmp, "%.*s.%s.XXXXXX", dirlen, path,
		     slash ? slash + 1 : path) < 0)
		return NULL;
	return tmp;
}

/*
 * Write @buf into a temporary file next to @path, flush it to the disk and
 * rename it over @path: @path is the old file or the new one, never a part
 * of it, and a failure leaves the old one as it was.
 */
static int replace(const struct rf_loc *loc, const char *file, const char *path,
		   const struct stat *old, const char *buf, size_t len)
{
	char *tmp = temp_name(path);
	int fd, ret;

	if (!tmp) {
		rf_err(loc, "out of memory");
		return -ENOMEM;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		rf_err(loc, "cannot create a temporary file next to %s: %s",
		       RF_Q(file), strerror(-ret));
		free(tmp);
		return ret;
	}
	set_mode(fd, old);
	ret = write_sync(fd, buf, len);
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		rf_err(loc, "cannot write %s: %s", RF_Q(file), strerror(-ret));
	} else {
		ret = sync_dir(path);
		if (ret)
			rf_err(loc, "%s is written, but its directory cannot be synced: %s",
			       RF_Q(file), strerror(-ret));
	}
	free(tmp);
	return ret;
}

int rf_file_write(const struct rf_loc *loc, const char *file, const char *buf,
		  size_t len)
{
	char *path = NULL;
	struct stat st;
	bool exists;
	int ret;

	if (!lstat(file, &st) && S_ISLNK(st.st_mode)) {
		path = realpath(file, NULL);
		if (!path) {
			rf_err(loc, "cannot write %s: %s", RF_Q(file), strerror(errno));
			return -1;
		}
	}
	exists = !stat(path ? path : file, &st);
	if (!exists && errno != ENOENT) {
		rf_err(loc, "cannot write %s: %s", RF_Q(file), strerror(errno));
		ret = -errno;
	} else if (exists && !S_ISREG(st.st_mode)) {
		ret = write_in_place(loc, file, buf, len);
	} else {
		ret = replace(loc, file, path ? path : file, exists ? &st : NULL,
			      buf, len);
	}
	free(path);
	return ret ? -1 : 0;
}
