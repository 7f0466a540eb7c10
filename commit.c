/*
 * cfecs commit: the converted batches, in input order: count, report and
 * write each event; hold the events of a member not yet verified until
 * its checksum passes (or drop them when it fails).
 */


#include <inttypes.h>	/* PRIu64 */
#include <stdio.h>	/* fprintf() */
#include <stdlib.h>	/* free(), exit() */
#include <string.h>	/* strlen(), strcmp() */

#include "correlate.h"
#include "detect.h"
#include "hold.h"
#include "progress.h"
#include "util.h"

#include "cfecs_int.h"

/* Main side, in input order: count, report, write. */
static void
reject_record(enum reject_reason r, const char *why, const char *p, size_t n,
    const struct loc *loc)
{
	g.op.rejected[r]++;
	g.status = EXIT_DATA;
	report(loc, "%s", why);
	if (g.rejects != NULL && (sink_write(g.rejects, p, n) < 0 ||
	    sink_write(g.rejects, "\n", 1) < 0)) {
		if (g.progress)
			progress_end();
		err(EXIT_FATAL, "write error on %s", shown(g.rejects_path));
	}
	if (g.strict)
		g.stop = 1;
}

/* Follow the member being committed, to count its events written. */
static void
member_seen(struct batch *b, const struct entry *e)
{
	const char *name = e->member != NO_MEMBER ? b->text.p + e->member : "";

	if (b == g.cm_batch && e->member == g.cm_off)
		return;
	g.cm_batch = b;
	g.cm_off = e->member;
	if (g.cm_name != NULL && strcmp(name, g.cm_name) == 0)
		return;
	free(g.cm_name);
	g.cm_name = xstrdup(name);
	g.cm_events = 0;
}

/*
 * Holding.  Events of records whose gzip member or zip entry has not yet
 * passed its checksum are held (g.held) until the check passes, and
 * dropped, counted as corrupt-member, if the member fails.  held_levels
 * says which checks the held events wait for; a check releases them only
 * when they all wait for it.
 */
/* Length of one event's correlation facts (see corr_take). */
static size_t
facts_len(const char *p)
{
	uint32_t total;

	memcpy(&total, p, 4);
	return 4 + 16 + (size_t)total;
}

/* Facts of an unverified event wait with it: a damaged member must not
 * feed a correlation any more than the output. */
static void
commit_facts(const char *p)
{
	if (g.held_levels != 0 && !g.held_through)
		wb_raw(&g.held_facts, p, facts_len(p));
	else
		corr_commit(g.corr, p);
}

static void
release_facts(void)
{
	const char *p = g.held_facts.p, *end;

	if (g.held_facts.len == 0)
		return;
	for (end = p + g.held_facts.len; p < end; p += facts_len(p))
		corr_commit(g.corr, p);
	g.held_facts.len = 0;
}

static void
hold_begin(const struct entry *e)
{
	if (g.held_levels == 0) {
		g.held_from = g.op;
		if (g.hold_cut)
			g.held_at = sink_bytes(g.sink);
	}
	g.held_levels |= 1u << e->checked;
}

/* Past the bound (not with --strict, which spills): write what is held
 * and the rest of the member as it comes, and say so once per file. */
static void
hold_overflow(void)
{
	struct loc loc = { g.name, NULL, 0, 0 };

	if (!g.held_through)
		report_at(1, &loc, "more than %zu bytes of events before "
		    "their member's checksum: written unverified", g.hold_max);
	g.held_through = 1;
	release_facts();
	if (hold_release(g.held, g.sink) < 0)
		write_failed();
	if (g.held_lines != NULL)
		hold_drop(g.held_lines);
}

/* The checks passed (or the operand ended whole): write it all. */
void
hold_release_all(void)
{
	if (g.held_levels == 0)
		return;
	release_facts();
	if (g.held != NULL && hold_release(g.held, g.sink) < 0)
		write_failed();
	if (g.held_lines != NULL)
		hold_drop(g.held_lines);
	g.held_levels = 0;
	g.held_through = 0;
}

/* A check failed, or the input broke: forget the held events and count
 * them as rejected; returns how many. */
uint64_t
hold_drop_all(void)
{
	uint64_t n;

	g.held_facts.len = 0;
	if (g.held_levels == 0 || g.held_through) {
		g.held_levels = 0;
		g.held_through = 0;
		return 0;
	}
	n = g.op.converted - g.held_from.converted;
	g.op.converted = g.held_from.converted;
	g.op.unknown = g.held_from.unknown;
	g.op.not_ecs = g.held_from.not_ecs;
	g.op.no_time = g.held_from.no_time;
	g.op.no_id = g.held_from.no_id;
	g.op.alerts = g.held_from.alerts;
	g.op.bytes_out = g.held_from.bytes_out;
	g.op.rejected[R_CORRUPT] += n;
	if (g.held_lines != NULL && hold_release(g.held_lines, g.rejects) < 0)
		err(EXIT_FATAL, "write error on %s", shown(g.rejects_path));
	if (g.hold_cut && sink_cut(g.sink, g.held_at) < 0)
		write_failed();
	hold_drop(g.held);
	g.held_levels = 0;
	return n;
}

/* An entry at which holding starts, ends or changes. */
static int
hold_turns(const struct entry *e)
{
	return g.hold_max > 0 && (e->kind == E_VERIFIED ||
	    e->kind == E_ERROR || (e->kind == E_LINE && e->checked > 0 &&
	    g.held_levels == 0));
}

/* Output goes to the sink, or is held. */
static void
put_out(const char *p, size_t n)
{
	if (g.held_levels != 0 && !g.held_through && !g.hold_cut) {
		if (hold_add(g.held, p, n) == 0)
			return;
		hold_overflow();
	}
	if (sink_write(g.sink, p, n) < 0)
		write_failed();
}

/* One entry of a committed batch; returns 0 if its output is kept. */
static int
commit_entry(struct batch *b, struct entry *e)
{
	struct loc loc = { b->text.p + e->file, NULL, e->line, 0 };
	const char *line = b->text.p + e->off;
	uint64_t dropped, written;

	if (e->member != NO_MEMBER)
		loc.member = b->text.p + e->member;
	member_seen(b, e);
	switch (e->kind) {
	case E_FAILED:
		if (g.progress)
			progress_end();
		fprintf(stderr, "cfecs: %s: %.*s\n", shown(loc.file), (int)e->len,
		    line);
		g.total.files++;
		g.total.failed++;
		g.status = EXIT_DATA;
		if (g.strict)
			g.stop = 1;
		return 0;
	case E_END:
		return 0;
	case E_VERIFIED:
		if (g.held_levels == 1u << e->code)
			hold_release_all();
		return 0;
	case E_NOTE:
		report(&loc, "%.*s", (int)e->len, line);
		return 0;
	case E_OWN_OUTPUT:
		/* An earlier run's output in the tree: not a failure. */
		report_at(1, &loc, "skipped: cfecs output (ECS events), not "
		    "Logpush records");
		return 0;
	case E_WARNING:
		/* Not a record lost, but not a file done: --check and
		 * --strict fail on it, --state leaves it to be read again. */
		g.op.no_records++;
		report_at(1, &loc, "%.*s%s", (int)e->len, line,
		    g.state != NULL ? "; not recorded as done" : "");
		if (g.check || g.strict)
			g.status = EXIT_DATA;
		if (g.strict)
			g.stop = 1;
		return 0;
	case E_ERROR:
		/* Events before damage may be damaged too: those held are
		 * not written; say how many, and how many were. */
		g.status = EXIT_DATA;
		g.op.read_errors++;
		dropped = hold_drop_all();
		written = loc.member != NULL ? g.cm_events : g.op.converted;
		written = loc.member == NULL || written < dropped ? written :
		    written - dropped;
		if (dropped > 0)
			report_at(1, &loc, "%.*s; %" PRIu64 " events held until "
			    "verified, not written; %" PRIu64 " events of this "
			    "%s already written", (int)e->len, line, dropped,
			    written, loc.member != NULL ? "member" : "file");
		else
			report_at(1, &loc, "%.*s; %" PRIu64 " events of this %s "
			    "already written", (int)e->len, line, written,
			    loc.member != NULL ? "member" : "file");
		if (g.strict)
			g.stop = 1;
		return 0;
	case E_REJECT:
		g.op.read++;
		reject_record(e->code == IN_TOO_LONG ? R_LONG : R_CUT,
		    b->notes.p + e->why, line, e->len, &loc);
		return 0;
	case E_LINE:
		break;
	}
	g.op.read++;
	if (e->code == MAP_BAD_JSON || e->code == MAP_NOT_OBJECT) {
		reject_record(e->code == MAP_BAD_JSON ? R_JSON : R_OBJECT,
		    b->notes.p + e->why, line, e->len, &loc);
		return 0;
	}
	if (e->code == MAP_UNKNOWN && g.strict) {
		reject_record(R_UNKNOWN, "dataset not recognised", line, e->len,
		    &loc);
		return -1;
	}
	if (e->checked > 0 && g.hold_max > 0) {
		hold_begin(e);
		if (g.held_lines != NULL && !g.held_through &&
		    (hold_add(g.held_lines, line, e->len) != 0 ||
		    hold_add(g.held_lines, "\n", 1) != 0))
			fatalx("cannot hold a rejected line");
	}
	if (e->marks & MARK_OUTSIDE) {
		g.op.outside++;
		return 0;
	}
	if (e->facts > 0 && g.corr != NULL)
		commit_facts(b->notes.p + e->facts - 1);
	g.op.converted++;
	g.cm_events++;
	g.op.unknown += e->code == MAP_UNKNOWN;
	g.op.alerts += e->alert;
	g.op.bytes_out += e->out_len;
	if (g.check && e->code == MAP_UNKNOWN) {
		g.status = EXIT_DATA;
		report(&loc, "dataset not recognised");
	}
	if (e->not_ecs) {
		g.op.not_ecs++;
		g.status = EXIT_DATA;
		report(&loc, "not valid ECS: %s", b->notes.p + e->why);
	}
	g.op.no_id += (e->marks & MARK_NO_ID) != 0;
	if (e->marks & MARK_INCOMPLETE) {
		g.op.incomplete++;
		report(&loc, "%s", b->notes.p + e->detect_why);
	}
	if (e->marks & MARK_TIME) {
		g.op.no_time++;
		if (g.check) {
			g.status = EXIT_DATA;
			report(&loc, "no readable time: %s",
			    b->notes.p + e->time_why);
		}
	}
	return 0;
}


/*
 * Write out[from..to) of a batch: as it is, or with -z as the member a
 * worker made when the range is one of its segments (*k: the next
 * segment), else (--strict stopped inside a segment) compressed here.
 */
static void
write_events(struct batch *b, size_t from, size_t to, size_t *k)
{
	const char *p = b->out.p + from;
	size_t n = to - from, gz_from;

	if (n == 0 || g.check)
		return;
	if (g.gzip) {
		while (*k < b->nseg && b->seg[*k].out_end < to)
			(*k)++;
		gz_from = *k > 0 ? b->seg[*k - 1].gz_end : 0;
		if (*k < b->nseg && b->seg[*k].out_end == to &&
		    (*k == 0 ? 0 : b->seg[*k - 1].out_end) == from) {
			p = b->gz.p + gz_from;
			n = b->seg[*k].gz_end - gz_from;
		} else {
			g.zout.len = 0;
			gz_member(g.z, &g.zout, p, n);
			p = g.zout.p;
			n = g.zout.len;
		}
	}
	put_out(p, n);
}

void
commit_batch(struct batch *b)
{
	size_t i = 0, done = 0, keep = 0, k = 0;

	g.cm_batch = NULL;	/* batches are reused */
	busy = 1;
	/* Once --strict has stopped, the rest is dropped. */
	for (; i < b->n && !g.stop; i++) {
		if (hold_turns(&b->e[i])) {
			/* What came before goes where it was going. */
			write_events(b, done, keep, &k);
			done = keep;
		}
		if (commit_entry(b, &b->e[i]) < 0) {
			i++;
			break;
		}
		keep += b->e[i].out_len;
		if (b->e[i].kind == E_END) {
			/* The operand's events go out before its end is told. */
			write_events(b, done, keep, &k);
			done = keep;
			end_held(b->e[i].tag);
			finish_operand(b->e[i].tag);
		}
	}
	write_events(b, done, keep, &k);
	if (g.stop)
		(void)hold_drop_all();	/* --strict writes nothing unverified */
	for (; i < b->n; i++)		/* summaries still, as without batches */
		if (b->e[i].kind == E_END)
			finish_operand(b->e[i].tag);
	busy = 0;
	if (caught)
		finish_and_die(caught);
	if (g.progress)
		progress_update(g.files_done, g.total.read + g.op.read,
		    g.bytes_done + g.op_bytes, g.json_done);
}

