/*
 * cfecs workers: convert a batch of records in a worker thread (-j),
 * with the --bulk action lines and the -z gzip member of the batch.
 * Workers read only their const work_conf, never g.
 */




#include <stdlib.h>	/* free(), exit() */
#include <string.h>	/* strlen(), strcmp() */

#include <zlib.h>	/* deflate(): -z */

#include "correlate.h"
#include "detect.h"
#include "ecscheck.h"
#include "util.h"

#include "cfecs_int.h"

/* ---- records: filled into batches, converted by workers ---- */

struct work_conf work_conf;

/* Worker side: convert every line of a batch; nothing global is written. */
struct worker {
	const struct work_conf *conf;
	struct mapctx	*m;
	struct wbuf	 event;		/* --bulk: the event, before its action */
	struct wbuf	 origin;	/* log.file.path: "file(member)" ... */
	const struct batch *origin_batch; /* ... of this batch's names */
	size_t		 origin_file, origin_member;
	z_stream	*z;		/* -z: compresses the batch */
};

/*
 * -z: the output is a series of gzip members, one per batch (and per
 * operand within it), each compressed by the worker that converted the
 * batch, so compression runs on every thread.  A member is whole or not
 * written at all, so the file is valid gzip whenever the program stops.
 */
z_stream *
gz_new(int level)
{
	z_stream *z = xcalloc(1, sizeof(*z));

	/* 15 + 16: a gzip wrapper rather than zlib's. */
	if (deflateInit2(z, level, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		fatalx("zlib initialisation failed");
	return z;
}

void
gz_free(z_stream *z)
{
	if (z != NULL)
		deflateEnd(z);
	free(z);
}

/* p[0..n) as one whole gzip member appended to out. */
void
gz_member(z_stream *z, struct wbuf *out, const char *p, size_t n)
{
	const size_t step = 1u << 30;	/* avail_in/out are 32 bits */
	size_t part, room;
	int flush, r;

	deflateReset(z);
	do {
		part = n < step ? n : step;
		z->next_in = (unsigned char *)(uintptr_t)p;
		z->avail_in = (uInt)part;
		p += part;
		n -= part;
		flush = n > 0 ? Z_NO_FLUSH : Z_FINISH;
		do {
			wb_reserve(out, deflateBound(z, z->avail_in) + 64);
			room = out->cap - out->len < step ?
			    out->cap - out->len : step;
			z->next_out = (unsigned char *)out->p + out->len;
			z->avail_out = (uInt)room;
			r = deflate(z, flush);
			if (r == Z_STREAM_ERROR)
				fatalx("zlib: compression failed");
			out->len += room - z->avail_out;
		} while (z->avail_out == 0 ||
		    (flush == Z_FINISH && r != Z_STREAM_END));
	} while (n > 0);
}

/* Each operand's part of the batch (up to its end, and the rest) as a
 * member; nothing for a part without events. */
static void
gz_batch(struct batch *b, z_stream *z)
{
	size_t i, from = 0, at = 0;

	for (i = 0; i < b->n; i++) {
		at += b->e[i].out_len;
		/* Held output is released or dropped at checks and errors. */
		if (b->e[i].kind != E_END && b->e[i].kind != E_VERIFIED &&
		    b->e[i].kind != E_ERROR && i + 1 < b->n)
			continue;
		if (at > from)
			gz_member(z, &b->gz, b->out.p + from, at - from);
		batch_segment(b, at, b->gz.len);
		from = at;
	}
}

void *
worker_new(void)
{
	struct worker *w = xcalloc(1, sizeof(*w));

	w->conf = &work_conf;
	w->m = map_new();
	wb_init(&w->event, 64 * 1024);
	wb_init(&w->origin, 256);
	if (w->conf->level > 0)
		w->z = gz_new(w->conf->level);
	return w;
}

void
worker_free(void *arg)
{
	struct worker *w = arg;

	map_free(w->m);
	wb_free(&w->event);
	wb_free(&w->origin);
	gz_free(w->z);
	free(w);
}

/*
 * The _bulk action line: the index name with %Y %m %d %H from the event's
 * @timestamp (UTC; "unknown" without one), and the event's _id.
 */
size_t
index_name(const char *pattern, const struct map_info *info,
    const struct dataset *ds, char *name, size_t cap)
{
	char t[TIME_BUFSIZE];
	const char *p, *part;
	size_t n = 0, k;

	if (info->has_time)
		timefmt_format(info->time, 0, t);
	for (p = pattern; *p != '\0' && n < cap - 64; p++) {
		part = NULL;
		k = 0;
		if (p[0] == '%' && p[1] == 'D') {
			part = ds != NULL ? ds->name : "unknown";
			k = strlen(part);
			p++;
		} else if (p[0] == '%' && p[1] != '\0') {
			switch (*++p) {
			case 'Y':	part = t; k = 4; break;
			case 'm':	part = t + 5; k = 2; break;
			case 'd':	part = t + 8; k = 2; break;
			case 'H':	part = t + 11; k = 2; break;
			case '%':	part = "%"; k = 1; break;
			default:	part = p - 1; k = 2; break;
			}
			if (!info->has_time && *p != '%')
				part = "unknown", k = 7;
		} else
			part = p, k = 1;
		memcpy(name + n, part, k);
		n += k;
	}
	return n;
}

void
bulk_action(const struct work_conf *conf, struct wbuf *out,
    const struct map_info *info, const struct dataset *ds)
{
	char name[512];
	size_t n = index_name(conf->bulk, info, ds, name, sizeof(name));

	wb_lit(out, "{\"");
	wb_raw(out, conf->bulk_op, strlen(conf->bulk_op));
	wb_lit(out, "\":{\"_index\":");
	wb_str(out, name, n);
	if (info->idlen > 0) {
		wb_lit(out, ",\"_id\":");
		wb_str(out, info->id, info->idlen);
	}
	wb_lit(out, "}}\n");
}

/* --check: validate the event just written (without its newline). */
static void
check_event(struct batch *b, struct entry *e, size_t at)
{
	char why[256];

	if (ecs_check_event(b->out.p + at, e->out_len - 1, why,
	    sizeof(why)) == 0)
		return;
	e->not_ecs = 1;
	e->why = b->notes.len;
	wb_raw(&b->notes, why, strlen(why) + 1);
}

/* --from/--to: the record is dropped (without a time too). */
static int
outside_range(const struct work_conf *conf, const struct map_info *info)
{
	return !info->has_time || info->time < conf->from ||
	    info->time >= conf->to;
}

/* Carry what the committing side counts and reports. */
static void
mark_event(const struct work_conf *conf, struct batch *b, struct entry *e,
    const struct map_info *info)
{
	e->marks = 0;
	if (info->bad_time) {
		e->marks |= MARK_TIME;
		e->time_why = b->notes.len;
		wb_raw(&b->notes, info->time_msg, strlen(info->time_msg) + 1);
	}
	if (conf->bulk != NULL && info->id_absent)
		e->marks |= MARK_NO_ID;
	if (info->incomplete) {
		e->marks |= MARK_INCOMPLETE;
		e->detect_why = b->notes.len;
		wb_raw(&b->notes, info->note, strlen(info->note) + 1);
	}
}

/*
 * log.file.path and log.offset of the record: the path as given, and an
 * archive member as messages name it, "outer.tar(inner.log.gz)".  The
 * names change seldom within a batch: composed once per change.
 */
static void
set_origin(struct worker *w, const struct batch *b, const struct entry *e)
{
	const char *file, *member;

	if (e->no_path) {
		map_set_origin(w->m, NULL, 0, e->offset);
		return;
	}
	if (w->origin_batch != b || w->origin_file != e->file ||
	    w->origin_member != e->member) {
		w->origin_batch = b;
		w->origin_file = e->file;
		w->origin_member = e->member;
		file = b->text.p + e->file;
		w->origin.len = 0;
		wb_raw(&w->origin, file, strlen(file));
		if (e->member != NO_MEMBER) {
			member = b->text.p + e->member;
			wb_char(&w->origin, '(');
			wb_raw(&w->origin, member, strlen(member));
			wb_char(&w->origin, ')');
		}
	}
	map_set_origin(w->m, w->origin.p, w->origin.len, e->offset);
}

void
convert_batch(struct batch *b, void *arg)
{
	struct worker *w = arg;
	const struct work_conf *conf = w->conf;
	struct entry *e;
	const char *why;
	size_t i, mark, at;
	int outside;

	w->origin_batch = NULL;		/* batches are reused */
	for (i = 0; i < b->n; i++) {
		e = &b->e[i];
		if (e->kind != E_LINE)
			continue;
		if (conf->provenance)
			set_origin(w, b, e);
		mark = b->out.len;
		if (conf->bulk == NULL)
			e->code = map_record(w->m, b->text.p + e->off, e->len,
			    e->hint, &b->out, &why);
		else {
			w->event.len = 0;
			e->code = map_record(w->m, b->text.p + e->off, e->len,
			    e->hint, &w->event, &why);
			if (w->event.len > 0 && (!conf->alerts_only ||
			    map_last_info(w->m)->alert ||
			    map_last_info(w->m)->incomplete)) {
				bulk_action(conf, &b->out, map_last_info(w->m),
				    map_last_dataset(w->m));
				wb_raw(&b->out, w->event.p, w->event.len);
			}
		}
		outside = conf->range &&
		    outside_range(conf, map_last_info(w->m));
		if (outside) {
			b->out.len = mark;
			corr_drop();
		}
		e->facts = 0;
		at = b->notes.len;
		if (conf->correlate && corr_take(&b->notes, b->text.p + e->off,
		    e->len))
			e->facts = at + 1;
		e->alert = map_last_info(w->m)->alert && b->out.len > mark;
		/* --alerts: an event rules could not all judge may be one
		 * that evades them; it is kept, marked */
		if (conf->alerts_only && !e->alert &&
		    !(map_last_info(w->m)->incomplete && b->out.len > mark))
			b->out.len = mark;
		e->out_len = b->out.len - mark;
		if (e->code == MAP_BAD_JSON || e->code == MAP_NOT_OBJECT) {
			e->why = b->notes.len;
			wb_raw(&b->notes, why, strlen(why) + 1);
			continue;
		}
		if (conf->check && e->out_len > 0)
			check_event(b, e, mark);	/* --alerts drops some */
		mark_event(conf, b, e, map_last_info(w->m));
		if (outside)
			e->marks |= MARK_OUTSIDE;
	}
	if (w->z != NULL)
		gz_batch(b, w->z);
}

