#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_json.h"
#include "billcon/app_onboarding.h"
#include "billcon/app_write.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"
#include "billcon/store_stack.h"

void
app_onboarding_object(const char *tenant, char *out, size_t size)
{
	snprintf(out, size, "/azurestack/onboarding/%s", tenant);
}

/* The tenant ID s in its bare lowercase form into out. */
static enum core_status
tenant_of(const char *s, char out[CORE_GUID_LEN + 1], struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];

	if (s && core_guid_parse(s, out, NULL))
		return CORE_OK;
	return core_error_set(err, CORE_USAGE, "The customer's tenant must be a GUID; \"%s\" is not one.",
			      core_text_echo(s ? s : "", shown));
}

static enum core_status
require(struct app_ctx *ctx, enum core_need need, struct core_error *err)
{
	enum core_status rc = app_load_grants(ctx, err);

	return rc ? rc : app_require(ctx, need, ctx->account_scope, "read the Azure Stack onboardings", err);
}

static enum core_status
not_started(const char *tenant, struct core_error *err)
{
	return core_error_set(err, CORE_NOT_FOUND, "No onboarding is started for tenant %s: \"billcon stack "
			      "onboarding %s start --customer NAME\" starts it.", tenant, tenant);
}

/* --- the checklist, assembled from the data --- */

static struct app_onb_item *
item(struct app_onboarding *ob, enum core_onb_step step, const char *word, const char *title)
{
	struct app_onb_item *it;

	if (ob->nitems >= APP_ONB_MAX_ITEMS)
		return NULL;
	it = &ob->items[ob->nitems++];
	memset(it, 0, sizeof(*it));
	it->step = step;
	it->derived = core_onboarding_derived(step);
	snprintf(it->word, sizeof(it->word), "%s", word);
	snprintf(it->title, sizeof(it->title), "%s", title);
	return it;
}

static const struct store_onboarding_step *
ticked(const struct store_onboarding_step *steps, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(steps[i].step, word) == 0)
			return &steps[i];
	return NULL;
}

/* A step ticked by hand: done, with who and when, when it is ticked. */
static struct app_onb_item *
hand_item(struct app_onboarding *ob, enum core_onb_step step, const char *word, const char *title,
	  const struct store_onboarding_step *steps, size_t n)
{
	struct app_onb_item *it = item(ob, step, word, title);
	const struct store_onboarding_step *t = ticked(steps, n, word);

	if (it && t) {
		it->done = true;
		snprintf(it->by, sizeof(it->by), "%s", t->done_by);
		snprintf(it->on, sizeof(it->on), "%s", t->done_on);
	}
	return it;
}

static void
management_item(struct app_onboarding *ob, const struct store_onboarding_step *steps, size_t n)
{
	struct app_onb_item *it = hand_item(ob, CORE_ONB_MANAGEMENT, "management",
					    "Management chosen: the CSP, or a guest elevated to Owner", steps, n);

	if (!it)
		return;
	it->done = ob->o.management[0] != '\0';
	if (strcmp(ob->o.management, "csp") == 0)
		snprintf(it->detail, sizeof(it->detail), "managed by the CSP");
	else if (it->done)
		snprintf(it->detail, sizeof(it->detail), "guest %s elevated to Owner in the customer's directory",
			 ob->o.guest_email);
	else
		snprintf(it->detail, sizeof(it->detail), "not chosen yet");
}

/* A registration step's state: what the deployment's registration holds. */
static void
registration_state(const struct app_onboarding *ob, const struct app_onb_deployment *d, struct app_onb_item *it)
{
	it->done = d->d.held_sub[0] != '\0';
	snprintf(it->by, sizeof(it->by), "%s", d->d.added_by);
	snprintf(it->on, sizeof(it->on), "%s", d->d.added_on);
	if (it->done)
		snprintf(it->detail, sizeof(it->detail), "%s holds %s", d->d.registration, d->d.held_sub);
	else
		snprintf(it->detail, sizeof(it->detail), "%s lacks %s", d->d.registration,
			 ob->subscription[0] ? ob->subscription : "a subscription of the tenant");
}

/* The per-deployment lines of step (registration or onboarded), one per
 * deployment the tenant uses; with none, one line saying so. */
static void
deployment_items(struct app_onboarding *ob, enum core_onb_step step, const struct store_onboarding_step *steps,
		 size_t n)
{
	bool reg = step == CORE_ONB_REGISTRATION;
	struct app_onb_item *it;
	char word[320], title[400];
	int i, used = 0;

	for (i = 0; i < ob->ndeps; i++) {
		const struct app_onb_deployment *d = &ob->deps[i];
		if (!d->used)
			continue;
		used++;
		snprintf(word, sizeof(word), "%s:%s", core_onboarding_steps[step].id, d->d.deployment);
		snprintf(title, sizeof(title), reg ? "Registration of %s updated" : "Tenant onboarded to %s",
			 d->d.deployment);
		if (reg && (it = item(ob, step, word, title)))
			registration_state(ob, d, it);
		else if (!reg && (it = hand_item(ob, step, word, title, steps, n)) && !it->done)
			snprintf(it->detail, sizeof(it->detail), "%s", d->d.usage ? "usage seen from it" : "registered there");
	}
	if (used == 0 && (it = item(ob, step, core_onboarding_steps[step].id,
				    reg ? "Registrations updated" : "Tenant onboarded to a deployment")))
		snprintf(it->detail, sizeof(it->detail), "%s",
			 reg ? "no deployment used yet: tick onboarded:DEPLOYMENT" : "to none yet");
}

static void
subscription_item(struct app_onboarding *ob)
{
	struct app_onb_item *it = item(ob, CORE_ONB_SUBSCRIPTION, "subscription", "CSP subscription created");

	if (!it)
		return;
	it->done = ob->subscription[0] != '\0';
	if (it->done)
		snprintf(it->detail, sizeof(it->detail), "%s (%s)", ob->subscription, ob->subscription_name);
	else
		snprintf(it->detail, sizeof(it->detail), "the partner knows no CSP subscription in the tenant");
}

static void
assemble(struct app_onboarding *ob, const struct store_onboarding_step *steps, size_t n)
{
	struct core_onb_use uses[APP_ONB_MAX_DEPLOYMENTS];
	struct app_onb_item *it;
	int i;

	ob->nitems = 0;
	if ((it = hand_item(ob, CORE_ONB_CUSTOMER, "customer", "Customer created in Partner Center", steps, n)))
		snprintf(it->detail, sizeof(it->detail), "%s", ob->o.customer);
	subscription_item(ob);
	management_item(ob, steps, n);
	deployment_items(ob, CORE_ONB_REGISTRATION, steps, n);
	deployment_items(ob, CORE_ONB_ONBOARDED, steps, n);
	hand_item(ob, CORE_ONB_TEST, "test", "Test resource created", steps, n);
	for (i = 0; i < ob->ndeps; i++)
		uses[i] = (struct core_onb_use){ ob->deps[i].d.deployment, ob->deps[i].d.registration, ob->deps[i].used,
						 ob->deps[i].d.held_sub[0] != '\0' };
	core_onboarding_warning(ob->o.tenant_id, ob->subscription, uses, (size_t)ob->ndeps, ob->warning,
				sizeof(ob->warning));
	core_onboarding_warning(NULL, ob->subscription, uses, (size_t)ob->ndeps, ob->warning_short,
				sizeof(ob->warning_short));
}

/* The deployments with what the tenant does there. */
static enum core_status
read_deployments(struct app_ctx *ctx, struct app_onboarding *ob, const struct store_onboarding_step *steps,
		 size_t n, struct core_error *err)
{
	struct store_onboarding_deployment *ds = NULL;
	char word[320];
	size_t nd = 0, i;
	enum core_status rc = store_onboarding_deployments(ctx->st, ob->o.tenant_id, &ds, &nd, err);

	for (i = 0; !rc && i < nd && i < APP_ONB_MAX_DEPLOYMENTS; i++) {
		struct app_onb_deployment *d = &ob->deps[ob->ndeps++];
		d->d = ds[i];
		snprintf(word, sizeof(word), "onboarded:%s", ds[i].deployment);
		d->onboarded = ticked(steps, n, word) != NULL;
		d->used = d->onboarded || ds[i].usage || ds[i].held_sub[0];
	}
	free(ds);
	return rc;
}

/* Reads tenant's checklist (permission checked by the caller). */
static enum core_status
read_checklist(struct app_ctx *ctx, const char *tenant, struct app_onboarding *ob, struct core_error *err)
{
	struct store_onboarding_step *steps = NULL;
	struct store_csp_sub sub;
	size_t n = 0;
	enum core_status rc;

	memset(ob, 0, sizeof(*ob));
	if ((rc = store_onboarding_get(ctx->st, tenant, &ob->o, err)) == CORE_NOT_FOUND)
		return not_started(tenant, err);
	if (rc)
		return rc;
	rc = store_csp_sub_of_tenant(ctx->st, tenant, &sub, err);
	if (!rc) {
		snprintf(ob->subscription, sizeof(ob->subscription), "%s", sub.subscription_id);
		snprintf(ob->subscription_name, sizeof(ob->subscription_name), "%s", sub.display_name);
	} else if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		rc = CORE_OK;
	}
	if (!rc)
		rc = store_onboarding_steps(ctx->st, ob->o.id, &steps, &n, err);
	if (!rc)
		rc = read_deployments(ctx, ob, steps, n, err);
	if (!rc)
		assemble(ob, steps, n);
	free(steps);
	return rc;
}

enum core_status
app_onboarding_read(struct app_ctx *ctx, const char *tenant, struct app_onboarding *out, struct core_error *err)
{
	char t[CORE_GUID_LEN + 1];
	enum core_status rc;

	memset(out, 0, sizeof(*out));
	app_touch(ctx);
	if ((rc = tenant_of(tenant, t, err)) || (rc = require(ctx, CORE_NEED_READ, err)))
		return rc;
	return read_checklist(ctx, t, out, err);
}

enum core_status
app_onboarding_list(struct app_ctx *ctx, struct store_onboarding **out, size_t *n, struct core_error *err)
{
	enum core_status rc;

	*out = NULL;
	*n = 0;
	app_touch(ctx);
	if ((rc = require(ctx, CORE_NEED_READ, err)))
		return rc;
	return store_onboarding_list(ctx->st, out, n, err);
}

void
app_onboarding_state(const struct app_onboarding *ob, enum core_onb_step step, char *out, size_t size)
{
	int i, all = 0, done = 0;

	for (i = 0; i < ob->nitems; i++)
		if (ob->items[i].step == step) {
			all++;
			done += ob->items[i].done;
		}
	if (all > 1)
		snprintf(out, size, "%d/%d", done, all);
	else
		snprintf(out, size, "%s", done ? "done" : "to do");
}

int
app_onboarding_done(const struct app_onboarding *ob)
{
	int i, done = 0;

	for (i = 0; i < ob->nitems; i++)
		done += ob->items[i].done;
	return done;
}

static void
put(json_t *o, const char *key, const char *value)
{
	json_object_set_new(o, key, app_json_text(value));
}

json_t *
app_onboarding_json(const struct app_onboarding *ob)
{
	json_t *o = json_object(), *steps = json_array();
	int i;

	put(o, "tenantId", ob->o.tenant_id);
	put(o, "customer", ob->o.customer);
	json_object_set_new(o, "management", ob->o.management[0] ? json_string(ob->o.management) : json_null());
	put(o, "guestEmail", ob->o.guest_email);
	put(o, "cspSubscriptionId", ob->subscription);
	put(o, "startedBy", ob->o.started_by);
	put(o, "startedOn", ob->o.started_on);
	for (i = 0; i < ob->nitems; i++) {
		const struct app_onb_item *it = &ob->items[i];
		json_array_append_new(steps, json_pack("{s:s, s:o, s:b, s:b, s:o, s:o, s:o}", "step", it->word,
						       "title", app_json_text(it->title), "derived", it->derived,
						       "done", it->done, "by", app_json_text(it->by), "on",
						       app_json_text(it->on), "detail", app_json_text(it->detail)));
	}
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "done", json_integer(app_onboarding_done(ob)));
	json_object_set_new(o, "warning", ob->warning[0] ? json_string(ob->warning) : json_null());
	return o;
}

/* --- changes --- */

struct change {
	char tenant[CORE_GUID_LEN + 1];
	const char *customer;            /* start */
	enum core_onb_step step;         /* tick, untick */
	char word[320], deployment[256];
	bool on;
	const char *management;          /* manage */
	char email[CORE_EMAIL_MAX + 1];
};

static json_t *
state_json(const struct store_onboarding *o, const char *step, const char *by, const char *on)
{
	json_t *j = json_object();

	put(j, "tenantId", o->tenant_id);
	put(j, "customer", o->customer);
	if (step)
		put(j, "step", step);
	if (by)
		put(j, "by", by);
	if (on)
		put(j, "on", on);
	return j;
}

static enum core_status
record(struct app_ctx *ctx, const char *action, const char *tenant, json_t *before, json_t *after,
       struct core_error *err)
{
	char object[256];

	app_onboarding_object(tenant, object, sizeof(object));
	return app_write_record(ctx, action, object, before, after, APP_LOCAL, err);
}

static enum core_status
start_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct change *c = data;
	struct store_onboarding o = { .id = 0 };
	enum core_status rc = store_onboarding_get(ctx->st, c->tenant, &o, err);

	if (rc == CORE_OK)
		return core_error_set(err, CORE_REFUSED, "The onboarding of tenant %s (%s) is started already, by %s "
				      "on %s.", o.tenant_id, o.customer, o.started_by, o.started_on);
	if (rc != CORE_NOT_FOUND)
		return rc;
	core_error_clear(err);
	snprintf(o.tenant_id, sizeof(o.tenant_id), "%s", c->tenant);
	snprintf(o.customer, sizeof(o.customer), "%s", c->customer);
	snprintf(o.started_by, sizeof(o.started_by), "%s", app_write_actor(ctx));
	snprintf(o.started_on, sizeof(o.started_on), "%s", ctx->now_iso);
	if ((rc = store_onboarding_add(ctx->st, &o, err)))
		return rc;
	return record(ctx, "stack.onboarding.start", c->tenant, NULL, state_json(&o, NULL, o.started_by,
										 o.started_on), err);
}

static enum core_status
run(struct app_ctx *ctx, struct change *c, enum core_status (*apply)(struct app_ctx *, void *, struct core_error *),
    struct core_error *err)
{
	struct app_write w = { .doing = APP_ONBOARDING_DOING, .need = CORE_NEED_MANAGE, .apply = apply, .data = c };

	return app_run_write(ctx, &w, err);
}

enum core_status
app_onboarding_start(struct app_ctx *ctx, const char *tenant, const char *customer, struct core_error *err)
{
	struct change c = { .customer = customer };
	char name[CORE_NAME_MAX_BYTES];
	enum core_status rc;

	if ((rc = tenant_of(tenant, c.tenant, err)))
		return rc;
	if (!customer || !core_name_parse(customer, name, NULL))
		return core_error_set(err, CORE_USAGE, "Name the customer (1 to 64 characters) with --customer NAME.");
	c.customer = name;
	return run(ctx, &c, start_apply, err);
}

/* The onboarding of c->tenant, inside the transaction. */
static enum core_status
started(struct app_ctx *ctx, const struct change *c, struct store_onboarding *o, struct core_error *err)
{
	enum core_status rc = store_onboarding_get(ctx->st, c->tenant, o, err);

	return rc == CORE_NOT_FOUND ? not_started(c->tenant, err) : rc;
}

/* A per-deployment step names a deployment with a registration. */
static enum core_status
known_deployment(struct app_ctx *ctx, const struct change *c, struct core_error *err)
{
	struct store_onboarding_deployment *ds = NULL;
	size_t n = 0, i;
	enum core_status rc = store_onboarding_deployments(ctx->st, c->tenant, &ds, &n, err);

	for (i = 0; !rc && i < n; i++)
		if (strcmp(ds[i].deployment, c->deployment) == 0)
			break;
	if (!rc && i == n)
		rc = core_error_set(err, CORE_NOT_FOUND, "There is no Azure Stack deployment \"%s\" with a "
				    "registration.", c->deployment);
	free(ds);
	return rc;
}

static enum core_status
untick_management(struct app_ctx *ctx, const struct change *c, const struct store_onboarding *o,
		  struct core_error *err)
{
	json_t *before;
	enum core_status rc;

	if (!o->management[0])
		return core_error_set(err, CORE_REFUSED, "No management is chosen for tenant %s.", c->tenant);
	before = state_json(o, "management", NULL, NULL);
	put(before, "management", o->management);
	put(before, "guestEmail", o->guest_email);
	rc = store_onboarding_set_management(ctx->st, o->id, NULL, NULL, err);
	if (!rc && (rc = store_onboarding_untick(ctx->st, o->id, "management", err)) == CORE_NOT_FOUND) {
		core_error_clear(err);
		rc = CORE_OK;
	}
	if (rc) {
		json_decref(before);
		return rc;
	}
	return record(ctx, "stack.onboarding.untick", c->tenant, before, NULL, err);
}

static enum core_status
tick_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct change *c = data;
	struct store_onboarding o;
	struct store_onboarding_step had, *steps = NULL, t = { .step = "" };
	size_t n = 0, i;
	bool was = false;
	enum core_status rc = started(ctx, c, &o, err);

	if (!rc && c->deployment[0])
		rc = known_deployment(ctx, c, err);
	if (rc)
		return rc;
	if (c->step == CORE_ONB_MANAGEMENT)
		return untick_management(ctx, c, &o, err);
	if ((rc = store_onboarding_steps(ctx->st, o.id, &steps, &n, err)))
		return rc;
	for (i = 0; i < n && !was; i++)
		if ((was = strcmp(steps[i].step, c->word) == 0))
			had = steps[i];
	free(steps);
	if (c->on && was)
		return core_error_set(err, CORE_REFUSED, "The step %s is ticked already, by %s on %s.", c->word,
				      had.done_by, had.done_on);
	if (!c->on && !was)
		return core_error_set(err, CORE_REFUSED, "The step %s is not ticked.", c->word);
	if (!c->on) {
		if ((rc = store_onboarding_untick(ctx->st, o.id, c->word, err)))
			return rc;
		return record(ctx, "stack.onboarding.untick", c->tenant, state_json(&o, c->word, had.done_by,
										    had.done_on), NULL, err);
	}
	snprintf(t.step, sizeof(t.step), "%s", c->word);
	snprintf(t.done_by, sizeof(t.done_by), "%s", app_write_actor(ctx));
	snprintf(t.done_on, sizeof(t.done_on), "%s", ctx->now_iso);
	if ((rc = store_onboarding_tick(ctx->st, o.id, &t, err)))
		return rc;
	return record(ctx, "stack.onboarding.tick", c->tenant, NULL, state_json(&o, c->word, t.done_by, t.done_on),
		      err);
}

enum core_status
app_onboarding_tick(struct app_ctx *ctx, const char *tenant, const char *word, bool on, struct core_error *err)
{
	struct change c = { .on = on };
	enum core_status rc;

	if ((rc = tenant_of(tenant, c.tenant, err)) ||
	    (rc = core_onboarding_step_parse(word, &c.step, c.deployment, sizeof(c.deployment), err)))
		return rc;
	/* Unticking the management clears the choice; choosing it is manage's. */
	if ((on || c.step != CORE_ONB_MANAGEMENT) && (rc = core_onboarding_check_tick(c.step, err)))
		return rc;
	snprintf(c.word, sizeof(c.word), "%s", word);
	return run(ctx, &c, tick_apply, err);
}

static enum core_status
manage_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct change *c = data;
	struct store_onboarding o;
	struct store_onboarding_step t = { .step = "management" };
	json_t *before = NULL, *after;
	enum core_status rc = started(ctx, c, &o, err);

	if (rc)
		return rc;
	if (o.management[0]) {
		before = state_json(&o, "management", NULL, NULL);
		put(before, "management", o.management);
		put(before, "guestEmail", o.guest_email);
	}
	snprintf(t.done_by, sizeof(t.done_by), "%s", app_write_actor(ctx));
	snprintf(t.done_on, sizeof(t.done_on), "%s", ctx->now_iso);
	if ((rc = store_onboarding_set_management(ctx->st, o.id, c->management, c->email, err)) ||
	    (rc = store_onboarding_tick(ctx->st, o.id, &t, err))) {
		json_decref(before);
		return rc;
	}
	after = state_json(&o, "management", t.done_by, t.done_on);
	put(after, "management", c->management);
	put(after, "guestEmail", c->email);
	return record(ctx, "stack.onboarding.manage", c->tenant, before, after, err);
}

enum core_status
app_onboarding_manage(struct app_ctx *ctx, const char *tenant, const char *management, const char *guest_email,
		      struct core_error *err)
{
	struct change c = { .management = core_onboarding_management_parse(management) };
	enum core_status rc;

	if ((rc = tenant_of(tenant, c.tenant, err)) ||
	    (rc = core_onboarding_check_management(c.management, guest_email, c.email, sizeof(c.email), err)))
		return rc;
	return run(ctx, &c, manage_apply, err);
}
