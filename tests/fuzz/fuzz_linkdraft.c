/* libFuzzer target: the link wizard's draft as read back from the store
 * (app_linkdraft_parse), then written again (app_linkdraft_json) and read
 * a second time: what was read must survive the round trip whole, and the
 * wizard's guards must take whatever a draft held. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billcon/app_linkdraft.h"
#include "billcon/core_link.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The choices and fields a draft keeps are the same in a and b. */
static int
same_choices(const struct core_link *a, const struct core_link *b)
{
	return a->mode == b->mode && a->new_account == b->new_account && a->new_profile == b->new_profile &&
	       a->accept_mca == b->accept_mca && a->accept_mca_italy == b->accept_mca_italy &&
	       strcmp(a->account, b->account) == 0 && strcmp(a->account_name, b->account_name) == 0 &&
	       strcmp(a->primary_contact, b->primary_contact) == 0 && strcmp(a->profile, b->profile) == 0 &&
	       strcmp(a->profile_name, b->profile_name) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *again, why[512];
	struct core_link l, back;
	json_t *o;
	int step;

	if (!app_linkdraft_parse(text, &l)) {
		free(text);
		return 0;
	}
	free(text);
	FUZZ_CHECK(l.mode >= CORE_LINK_NEW && l.mode <= CORE_LINK_CHANGE_PROFILE);
	FUZZ_CHECK(memchr(l.account_name, '\0', sizeof(l.account_name)) != NULL);
	/* The facts are never taken from a draft. */
	FUZZ_CHECK(!l.mca_accepted && !l.sold_to_country[0] && !l.reuse_profile[0]);
	if (!core_link_check(&l, why, sizeof(why), &step))
		FUZZ_CHECK(why[0] != '\0' && step >= 0 && step < CORE_LINK_NSTEPS);
	o = app_linkdraft_json(&l);
	FUZZ_CHECK(o != NULL);
	again = json_dumps(o, 0);
	json_decref(o);
	FUZZ_CHECK(again != NULL);
	FUZZ_CHECK(app_linkdraft_parse(again, &back));
	free(again);
	FUZZ_CHECK(same_choices(&l, &back));
	return 0;
}
