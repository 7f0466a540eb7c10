/*
 * batch.c: a pool of worker threads converting batches of records, with
 * the results committed strictly in input order.
 *
 * Batches in flight sit in a ring indexed by sequence number.  Workers take
 * them in sequence order and mark them done; the main thread commits the
 * oldest batch once it is done, so output order never depends on which
 * worker was faster.  The ring is small (twice the workers plus two), so
 * memory stays bounded however long the input is.
 */
#include <pthread.h>	/* the workers */
#include <signal.h>	/* pthread_sigmask(): signals go to the main thread */
#include <stdlib.h>

#include "batch.h"
#include "util.h"

#define BATCH_BYTES	(512 * 1024)	/* input bytes per batch */
#define BATCH_ENTRIES	4096

struct pool {
	int		 nworkers;	/* 0: convert inline */
	pthread_t	*thread;
	struct worker_arg *arg;		/* per worker (one when inline) */
	void		(*state_free)(void *);
	batch_work_fn	*work;
	batch_commit_fn	*commit;
	pthread_mutex_t	 mu;
	pthread_cond_t	 work_cv;	/* a batch to take, or quit */
	pthread_cond_t	 done_cv;	/* a batch finished */
	struct batch	**ring;
	size_t		 ringcap;
	uint64_t	 submitted;	/* batches handed over */
	uint64_t	 taken;		/* ... taken by workers */
	uint64_t	 committed;	/* ... committed */
	struct batch	*cur;		/* being filled */
	struct batch	**spare;	/* committed batches, for reuse */
	size_t		 nspare;
	int		 quit;
};

static struct batch *
batch_new(void)
{
	struct batch *b = xcalloc(1, sizeof(*b));

	b->cap = 256;
	b->e = xmalloc(b->cap * sizeof(*b->e));
	wb_init(&b->text, BATCH_BYTES + 4096);
	wb_init(&b->out, 2 * BATCH_BYTES);
	wb_init(&b->notes, 1024);
	wb_init(&b->gz, 0);
	return b;
}

static void
batch_reset(struct batch *b)
{
	b->n = 0;
	b->text.len = 0;
	b->out.len = 0;
	b->notes.len = 0;
	b->gz.len = 0;
	b->nseg = 0;
	b->done = 0;
}

static void
batch_free(struct batch *b)
{
	free(b->e);
	wb_free(&b->text);
	wb_free(&b->out);
	wb_free(&b->notes);
	wb_free(&b->gz);
	free(b->seg);
	free(b);
}

/* Add an entry whose text (a line or a message) is copied into the batch. */
struct entry *
batch_add(struct batch *b, enum entry_kind kind, const char *p, size_t n)
{
	struct entry *e;

	if (b->n == b->cap) {
		b->cap *= 2;
		b->e = xrealloc(b->e, b->cap * sizeof(*b->e));
	}
	e = &b->e[b->n++];
	/* Every field afresh: batches and their entries are reused. */
	*e = (struct entry){ .kind = kind, .member = NO_MEMBER,
	    .off = b->text.len, .len = n };
	wb_raw(&b->text, p, n);
	return e;
}

/* Record that out up to out_end is compressed in gz up to gz_end. */
void
batch_segment(struct batch *b, size_t out_end, size_t gz_end)
{
	if (b->nseg == b->segcap) {
		b->segcap = b->segcap ? b->segcap * 2 : 8;
		b->seg = xrealloc(b->seg, b->segcap * sizeof(*b->seg));
	}
	b->seg[b->nseg].out_end = out_end;
	b->seg[b->nseg].gz_end = gz_end;
	b->nseg++;
}

int
batch_full(const struct batch *b)
{
	return b->text.len >= BATCH_BYTES || b->n >= BATCH_ENTRIES;
}

struct worker_arg {
	struct pool	*pool;
	void		*state;		/* the worker's own converter state */
};

static void *
worker(void *arg)
{
	struct worker_arg *w = arg;
	struct pool *p = w->pool;
	struct batch *b;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->taken == p->submitted && !p->quit)
			pthread_cond_wait(&p->work_cv, &p->mu);
		if (p->taken == p->submitted) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		b = p->ring[p->taken++ % p->ringcap];
		pthread_mutex_unlock(&p->mu);
		p->work(b, w->state);
		pthread_mutex_lock(&p->mu);
		b->done = 1;
		pthread_cond_broadcast(&p->done_cv);
		pthread_mutex_unlock(&p->mu);
	}
}

struct pool *
pool_new(int nworkers, void *(*state_new)(void), void (*state_free)(void *),
    batch_work_fn *work, batch_commit_fn *commit)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	sigset_t all, old;
	int i, n = nworkers > 0 ? nworkers : 1;

	p->nworkers = nworkers;
	p->work = work;
	p->commit = commit;
	p->state_free = state_free;
	p->arg = xcalloc((size_t)n, sizeof(*p->arg));
	for (i = 0; i < n; i++) {
		p->arg[i].pool = p;
		p->arg[i].state = state_new();
	}
	p->ringcap = (size_t)(2 * n + 2);
	p->ring = xcalloc(p->ringcap, sizeof(*p->ring));
	p->spare = xcalloc(p->ringcap + 1, sizeof(*p->spare));
	p->cur = batch_new();
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work_cv, NULL);
	pthread_cond_init(&p->done_cv, NULL);
	if (nworkers == 0)
		return p;
	p->thread = xcalloc((size_t)n, sizeof(*p->thread));
	/* Workers never take signals: the main thread's handler decides. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < n; i++)
		if (pthread_create(&p->thread[i], NULL, worker, &p->arg[i]) != 0)
			fatalx("cannot start a thread");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return p;
}

struct batch *
pool_batch(struct pool *p)
{
	return p->cur;
}

/* Commit, in order, every finished batch at the head of the ring; with
 * wait, block until the ring has room for one more. */
static void
commit_ready(struct pool *p, int wait_room, int wait_all)
{
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		if (p->committed == p->submitted)
			break;
		b = p->ring[p->committed % p->ringcap];
		if (!b->done) {
			if ((wait_room && p->submitted - p->committed >=
			    p->ringcap) || wait_all) {
				pthread_cond_wait(&p->done_cv, &p->mu);
				continue;
			}
			break;
		}
		pthread_mutex_unlock(&p->mu);
		p->commit(b);
		batch_reset(b);
		pthread_mutex_lock(&p->mu);
		p->spare[p->nspare++] = b;
		p->committed++;
	}
	pthread_mutex_unlock(&p->mu);
}

/* Hand the current batch over (or convert it now) and start a new one. */
void
pool_submit(struct pool *p)
{
	struct batch *b = p->cur;

	if (b->n == 0)
		return;
	if (p->nworkers == 0) {
		p->work(b, p->arg[0].state);
		p->commit(b);
		batch_reset(b);
		return;
	}
	commit_ready(p, 1, 0);
	pthread_mutex_lock(&p->mu);
	p->ring[p->submitted++ % p->ringcap] = b;
	p->cur = p->nspare > 0 ? p->spare[--p->nspare] : NULL;
	pthread_cond_signal(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
	if (p->cur == NULL)
		p->cur = batch_new();
	commit_ready(p, 0, 0);
}

/* Submit what is there and commit everything. */
void
pool_drain(struct pool *p)
{
	pool_submit(p);
	if (p->nworkers > 0)
		commit_ready(p, 0, 1);
}

void
pool_free(struct pool *p)
{
	int i, n = p->nworkers > 0 ? p->nworkers : 1;

	pool_drain(p);
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nworkers; i++)
		pthread_join(p->thread[i], NULL);
	for (i = 0; i < n; i++)
		p->state_free(p->arg[i].state);
	while (p->nspare > 0)
		batch_free(p->spare[--p->nspare]);
	batch_free(p->cur);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work_cv);
	pthread_cond_destroy(&p->done_cv);
	free(p->thread);
	free(p->arg);
	free(p->ring);
	free(p->spare);
	free(p);
}
