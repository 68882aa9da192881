/* core_wizard: a guided task's steps as a state machine (core_wizard.h). */
#include "config.h"

#include <string.h>

#include "billcon/core_wizard.h"

void
core_wizard_init(struct core_wizard *w, const struct core_wizard_step *steps, int n, int first,
		 bool (*guard)(const void *, int, char *, size_t), const void *data)
{
	if (n > CORE_WIZARD_MAX_STEPS)
		n = CORE_WIZARD_MAX_STEPS;
	if (n < 1)
		n = 1;
	if (first < 0)
		first = 0;
	if (first >= n)
		first = n - 1;
	w->steps = steps;
	w->nsteps = n;
	w->first = first;
	w->current = first;
	w->guard = guard;
	w->data = data;
}

bool
core_wizard_can_next(const struct core_wizard *w, char *why, size_t size)
{
	char none[8];

	if (!why) {
		why = none;
		size = sizeof(none);
	}
	if (size)
		why[0] = '\0';
	return !w->guard || w->guard(w->data, w->current, why, size);
}

enum core_wizard_outcome
core_wizard_next(struct core_wizard *w, char *why, size_t size)
{
	if (!core_wizard_can_next(w, why, size))
		return CORE_WIZARD_BLOCKED;
	if (core_wizard_at_last(w))
		return CORE_WIZARD_FINISHED;
	w->current++;
	return CORE_WIZARD_MOVED;
}

enum core_wizard_outcome
core_wizard_back(struct core_wizard *w)
{
	if (w->current <= w->first)
		return CORE_WIZARD_CLOSED;
	w->current--;
	return CORE_WIZARD_MOVED;
}

enum core_wizard_outcome
core_wizard_cancel(struct core_wizard *w)
{
	(void)w;
	return CORE_WIZARD_CANCELLED;
}

bool
core_wizard_at_last(const struct core_wizard *w)
{
	return w->current == w->nsteps - 1;
}

const char *
core_wizard_step_id(const struct core_wizard *w)
{
	return w->steps[w->current].id;
}

int
core_wizard_find(const struct core_wizard *w, const char *id)
{
	int i;

	for (i = 0; id && i < w->nsteps; i++)
		if (strcmp(w->steps[i].id, id) == 0)
			return i;
	return -1;
}

bool
core_wizard_resume(struct core_wizard *w, const char *id)
{
	int i = core_wizard_find(w, id);

	if (i < w->first)
		return false;
	w->current = i;
	return true;
}
