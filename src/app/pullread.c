#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_pullread.h"
#include "billcon/sync_map.h"

struct app_pullread {
	const struct app_pull *p;
	enum core_remote_kind kind;
	char *url;                     /* the next page's, the reader's */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;        /* a page put or taken, the end, a stop */
	struct core_remote_page *ring; /* pages read and not taken */
	size_t ahead, head, count;
	bool ended;                    /* the reader put its last page or failed */
	bool stop;                     /* the taker wants no more */
	enum core_status rc;           /* the failure that ended it, CORE_OK none */
	struct core_error err;
};

/* Fetches and maps the page at url into *page. */
static enum core_status
read_one(struct app_pullread *r, const char *url, struct core_remote_page *page, struct core_error *err)
{
	char *body = NULL;
	size_t len = 0;
	enum core_status rc = r->p->fetch(r->p->fetch_ctx, url, &body, &len, err);

	if (!rc)
		rc = sync_map_page(r->kind, body, len, page, err);
	free(body);
	return rc;
}

/* Puts page in the ring, waiting for room; false (page freed) once the
 * taker stopped. */
static bool
put(struct app_pullread *r, struct core_remote_page *page)
{
	bool stopped;

	pthread_mutex_lock(&r->lock);
	while (r->count == r->ahead && !r->stop)
		pthread_cond_wait(&r->changed, &r->lock);
	stopped = r->stop;
	if (!stopped) {
		r->ring[(r->head + r->count) % r->ahead] = *page;
		r->count++;
		pthread_cond_broadcast(&r->changed);
	}
	pthread_mutex_unlock(&r->lock);
	if (stopped)
		core_remote_page_free(page);
	return !stopped;
}

static void
finish(struct app_pullread *r, enum core_status rc, const struct core_error *err)
{
	pthread_mutex_lock(&r->lock);
	r->ended = true;
	r->rc = rc;
	if (rc)
		r->err = *err;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

static void *
reader(void *arg)
{
	struct app_pullread *r = arg;
	struct core_error err;
	enum core_status rc = CORE_OK;

	core_error_clear(&err);
	while (r->url) {
		struct core_remote_page page = { 0 };
		char *next = NULL;
		bool stopped;

		pthread_mutex_lock(&r->lock);
		stopped = r->stop;
		pthread_mutex_unlock(&r->lock);
		if (stopped)
			break;
		rc = read_one(r, r->url, &page, &err);
		if (!rc && page.next_link && !(next = strdup(page.next_link)))
			rc = core_error_set(&err, CORE_STORE, "Out of memory following a nextLink.");
		if (rc) {
			core_remote_page_free(&page);
			break;
		}
		free(r->url);
		r->url = next;
		if (!put(r, &page))
			break;
	}
	finish(r, rc, &err);
	return NULL;
}

enum core_status
app_pullread_start(const struct app_pull *p, enum core_remote_kind kind, char *url, size_t ahead,
		   struct app_pullread **out, struct core_error *err)
{
	struct app_pullread *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (ahead < 1)
		ahead = 1;
	if (r && !(r->ring = calloc(ahead, sizeof(*r->ring)))) {
		free(r);
		r = NULL;
	}
	if (!r) {
		free(url);
		return core_error_set(err, CORE_STORE, "Out of memory reading a listing.");
	}
	r->p = p;
	r->kind = kind;
	r->url = url;
	r->ahead = ahead;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	if (pthread_create(&r->thread, NULL, reader, r) != 0) {
		r->url = NULL;
		pthread_cond_destroy(&r->changed);
		pthread_mutex_destroy(&r->lock);
		free(r->ring);
		free(r);
		free(url);
		return core_error_set(err, CORE_STORE, "A listing could not be read: no thread to read it.");
	}
	*out = r;
	return CORE_OK;
}

enum core_status
app_pullread_next(struct app_pullread *r, struct core_remote_page *page, bool *done, struct core_error *err)
{
	enum core_status rc = CORE_OK;

	memset(page, 0, sizeof(*page));
	*done = false;
	pthread_mutex_lock(&r->lock);
	while (!r->count && !r->ended)
		pthread_cond_wait(&r->changed, &r->lock);
	if (r->count) {
		*page = r->ring[r->head];
		r->head = (r->head + 1) % r->ahead;
		r->count--;
		pthread_cond_broadcast(&r->changed);
	} else if (r->rc) {
		rc = r->rc;
		if (err)
			*err = r->err;
	} else {
		*done = true;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

void
app_pullread_free(struct app_pullread *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	for (size_t i = 0; i < r->count; i++)
		core_remote_page_free(&r->ring[(r->head + i) % r->ahead]);
	free(r->url);
	pthread_cond_destroy(&r->changed);
	pthread_mutex_destroy(&r->lock);
	free(r->ring);
	free(r);
}
