/* app_linkdraft: the link wizard's choices and fields as JSON and back
 * (app_linkdraft.h). */
#include "config.h"

#include <string.h>

#include "billcon/app_json.h"
#include "billcon/app_linkdraft.h"
#include "billcon/core_text.h"

static const char *const mode_names[] = { "new", "change-account", "change-profile" };

json_t *
app_linkdraft_json(const struct core_link *l)
{
	return json_pack("{s:s, s:b, s:o, s:o, s:o, s:b, s:o, s:o, s:b, s:b}", "mode", mode_names[l->mode],
			 "newAccount", l->new_account, "account", app_json_text(l->account), "accountName",
			 app_json_text(l->account_name), "primaryContact", app_json_text(l->primary_contact),
			 "newProfile", l->new_profile, "profile", app_json_text(l->profile), "profileName",
			 app_json_text(l->profile_name), "acceptMca", l->accept_mca, "acceptMcaItaly",
			 l->accept_mca_italy);
}

static void
draft_text(json_t *o, const char *key, char *out, size_t size)
{
	const char *v = json_string_value(json_object_get(o, key));

	/* A name cut to fit must stay UTF-8, or it would not come back the same. */
	core_text_copy(out, size, v ? v : "");
}

static enum core_link_mode
draft_mode(json_t *o)
{
	const char *v = json_string_value(json_object_get(o, "mode"));
	int i;

	for (i = 0; v && i < (int)(sizeof(mode_names) / sizeof(mode_names[0])); i++)
		if (strcmp(v, mode_names[i]) == 0)
			return (enum core_link_mode)i;
	return CORE_LINK_NEW;
}

bool
app_linkdraft_parse(const char *fields, struct core_link *l)
{
	json_t *o = fields ? json_loads(fields, JSON_REJECT_DUPLICATES, NULL) : NULL;

	if (!json_is_object(o)) {
		json_decref(o);
		return false;
	}
	core_link_init(l, draft_mode(o));
	l->new_account = json_is_true(json_object_get(o, "newAccount"));
	draft_text(o, "account", l->account, sizeof(l->account));
	draft_text(o, "accountName", l->account_name, sizeof(l->account_name));
	draft_text(o, "primaryContact", l->primary_contact, sizeof(l->primary_contact));
	l->new_profile = json_is_true(json_object_get(o, "newProfile"));
	draft_text(o, "profile", l->profile, sizeof(l->profile));
	draft_text(o, "profileName", l->profile_name, sizeof(l->profile_name));
	l->accept_mca = json_is_true(json_object_get(o, "acceptMca"));
	l->accept_mca_italy = json_is_true(json_object_get(o, "acceptMcaItaly"));
	json_decref(o);
	return true;
}
