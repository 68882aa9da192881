/* core_wizard: the steps of a guided task as a state machine, with no
 * drawing in it (the link wizard of DOMAIN.md §6 is its first user, the
 * Azure Stack onboarding checklist its second). A wizard is a row of steps;
 * a run starts at one of them (a change of billing profile starts past the
 * first); Next goes on when the current step's guard allows it and says why
 * not when it does not; Back goes one step back, and Back on the step the
 * run started at closes the wizard and keeps its draft; Cancel ends it and
 * its draft. The last step is where the run ends: Next there finishes. */
#ifndef BILLCON_CORE_WIZARD_H
#define BILLCON_CORE_WIZARD_H

#include <stdbool.h>
#include <stddef.h>

/* The most steps a wizard has. */
#define CORE_WIZARD_MAX_STEPS 12

struct core_wizard_step {
	const char *id;      /* kept in drafts: "account" */
	const char *title;   /* shown: "Select billing account" */
};

struct core_wizard {
	const struct core_wizard_step *steps;
	int nsteps;
	int first;           /* the step this run started at */
	int current;
	/* Whether step may be left forward now; false with a sentence in why
	 * (size bytes). NULL: always. data is the wizard's user's. */
	bool (*guard)(const void *data, int step, char *why, size_t size);
	const void *data;
};

/* What an event did. */
enum core_wizard_outcome {
	CORE_WIZARD_MOVED,      /* current changed */
	CORE_WIZARD_BLOCKED,    /* Next refused by the guard: why says so */
	CORE_WIZARD_FINISHED,   /* Next on the last step: the task is to be done */
	CORE_WIZARD_CLOSED,     /* Back on the first step of the run: close, keep the draft */
	CORE_WIZARD_CANCELLED,  /* Cancel: close and discard the draft */
};

/* Sets w up over n steps (at most CORE_WIZARD_MAX_STEPS), starting at
 * first (clamped to the steps), with guard (may be NULL) on data. */
void core_wizard_init(struct core_wizard *w, const struct core_wizard_step *steps, int n,
		      int first, bool (*guard)(const void *, int, char *, size_t), const void *data);

/* Goes on from the current step when the guard allows: MOVED, FINISHED on
 * the last step, or BLOCKED with the guard's sentence in why (may be NULL). */
enum core_wizard_outcome core_wizard_next(struct core_wizard *w, char *why, size_t size);

/* Goes back one step: MOVED, or CLOSED on the step the run started at. */
enum core_wizard_outcome core_wizard_back(struct core_wizard *w);

/* CANCELLED: the caller confirms first and discards the draft. */
enum core_wizard_outcome core_wizard_cancel(struct core_wizard *w);

/* Whether Next is possible now; false with the guard's sentence in why. */
bool core_wizard_can_next(const struct core_wizard *w, char *why, size_t size);

/* Whether the current step is the last one (Next there reads "Finish"). */
bool core_wizard_at_last(const struct core_wizard *w);

/* The current step's id. */
const char *core_wizard_step_id(const struct core_wizard *w);

/* The index of the step whose id is id, or -1. */
int core_wizard_find(const struct core_wizard *w, const char *id);

/* Moves to the step named id (a draft resumed), never before the run's
 * first step; false when there is no such step, w unchanged. Steps between
 * first and id need not pass their guards again: their fields are the
 * draft's, and each guard is asked again on the way forward. */
bool core_wizard_resume(struct core_wizard *w, const char *id);

#endif
