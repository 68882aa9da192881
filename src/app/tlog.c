#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <syslog.h>

#include "billcon/app_config.h"
#include "billcon/app_signkey.h"
#include "billcon/app_tlog.h"
#include "billcon/core_audit.h"

enum core_status
app_tlog_origin(struct store *st, const char *origin, char *out, size_t size,
		struct core_error *err)
{
	enum core_status rc;

	if (origin && *origin) {
		if (!core_note_name_check(origin, "The audit_origin setting", err))
			return CORE_USAGE;
		if (strlen(origin) >= size)
			return core_error_set(err, CORE_USAGE, "The audit_origin setting is too long.");
		memcpy(out, origin, strlen(origin) + 1);
		return CORE_OK;
	}
	rc = store_audit_origin(st, out, size, err);
	if (!rc && !core_note_name_check(out, "The store's checkpoint origin", err))
		return CORE_REFUSED;
	return rc;
}

enum core_status
app_tlog_checkpoint(struct store *st, const char *origin, char *note, size_t size,
		    struct core_error *err)
{
	unsigned char priv[CORE_NOTE_KEY_BYTES];
	char name[CORE_NOTE_NAME_MAX + 1], body[CORE_CHECKPOINT_MAX];
	core_merkle_hash root;
	long long n;
	enum core_status rc;

	if ((rc = app_tlog_origin(st, origin, name, sizeof(name), err)) ||
	    (rc = store_audit_size(st, &n, err)) || (rc = store_audit_root(st, n, root, err)))
		return rc;
	if (!core_checkpoint_format(name, n, root, body, sizeof(body)))
		return core_error_set(err, CORE_USAGE, "The checkpoint of origin %s cannot be written.", name);
	if ((rc = app_signkey_load(true, priv, NULL, 0, err)))
		return rc;
	rc = core_note_sign(body, name, priv, note, size, err);
	memset(priv, 0, sizeof(priv));
	return rc;
}

/* Appends the note to a file, then a blank line. */
static bool
publish_file(const char *path, const char *note)
{
	FILE *f = fopen(path, "a");
	bool ok;

	if (!f)
		return false;
	ok = fputs(note, f) >= 0 && fputs("\n", f) >= 0;
	return fclose(f) == 0 && ok;
}

static bool
publish_command(const char *command, const char *note)
{
	FILE *p = popen(command, "w");
	bool ok;

	if (!p)
		return false;
	ok = fputs(note, p) >= 0;
	return pclose(p) == 0 && ok;
}

/* One line for syslog: the note's lines joined by " | ". */
static void
publish_syslog(const char *note)
{
	char line[APP_TLOG_NOTE_MAX + 64];
	size_t i, o = 0;

	for (i = 0; note[i] && o + 4 < sizeof(line); i++) {
		if (note[i] != '\n') {
			line[o++] = note[i];
		} else if (note[i + 1] && note[i + 1] != '\n') {
			memcpy(line + o, " | ", 3);
			o += 3;
		}
	}
	line[o] = '\0';
	openlog("billcon", LOG_PID, LOG_USER);
	syslog(LOG_NOTICE, "audit checkpoint: %s", line);
	closelog();
}

enum core_status
app_tlog_publish(struct store *st, const struct app_config *cfg, struct core_error *err)
{
	char note[APP_TLOG_NOTE_MAX];
	const char *sink = cfg->checkpoint_sink;
	enum core_status rc = app_tlog_checkpoint(st, cfg->audit_origin, note, sizeof(note), err);
	bool ok = true;

	if (rc)
		return rc;
	if (strncmp(sink, "file:", 5) == 0)
		ok = publish_file(sink + 5, note);
	else if (strncmp(sink, "command:", 8) == 0)
		ok = publish_command(sink + 8, note);
	else if (strcmp(sink, "syslog") == 0)
		publish_syslog(note);
	else
		return core_error_set(err, CORE_USAGE,
			"checkpoint_every is set but checkpoint_sink is not: say where checkpoints go (file:PATH, command:COMMAND or syslog).");
	if (!ok)
		return core_error_set(err, CORE_REMOTE,
			"The change was saved, but its checkpoint could not be written to %s.", sink);
	return CORE_OK;
}

/* The user's verifier key under name. */
static enum core_status
own_verifier(const char *name, char *out, size_t size, struct core_error *err)
{
	unsigned char priv[CORE_NOTE_KEY_BYTES], pub[CORE_NOTE_KEY_BYTES];
	enum core_status rc = app_signkey_load(false, priv, NULL, 0, err);
	bool ok;

	if (rc)
		return rc;
	ok = core_note_public_key(priv, pub) && core_note_verifier_key(name, pub, out, size);
	memset(priv, 0, sizeof(priv));
	if (!ok)
		return core_error_set(err, CORE_STORE, "The verifier key of %s could not be made.", name);
	return CORE_OK;
}

enum core_status
app_tlog_verifier(struct store *st, const char *origin, char *out, size_t size,
		  struct core_error *err)
{
	unsigned char priv[CORE_NOTE_KEY_BYTES];
	char name[CORE_NOTE_NAME_MAX + 1];
	enum core_status rc = app_tlog_origin(st, origin, name, sizeof(name), err);

	/* Made on first use, as a checkpoint would: the key printed is the
	 * key that will sign. */
	if (!rc)
		rc = app_signkey_load(true, priv, NULL, 0, err);
	memset(priv, 0, sizeof(priv));
	return rc ? rc : own_verifier(name, out, size, err);
}

/* The text of the signed note, opened with key (or the user's own key
 * under the origin the note's text names), parsed as a checkpoint. */
static enum core_status
open_checkpoint(const char *note, const char *key, char *origin, size_t origin_size,
		long long *size, core_merkle_hash root, struct core_error *err)
{
	char text[CORE_CHECKPOINT_MAX * 4], own[CORE_NOTE_VERIFIER_MAX];
	size_t first = strcspn(note, "\n");
	enum core_status rc;

	if (!key) {
		/* The origin is the note's first line; the signature then says
		 * whether the note is what it claims. */
		if (first == 0 || first >= origin_size)
			return core_error_set(err, CORE_REFUSED, "The checkpoint has no origin line.");
		memcpy(origin, note, first);
		origin[first] = '\0';
		if ((rc = own_verifier(origin, own, sizeof(own), err)))
			return rc;
		key = own;
	}
	if ((rc = core_note_open(note, key, text, sizeof(text), err)))
		return rc;
	return core_checkpoint_parse(text, origin, origin_size, size, root, err);
}

static enum core_status
refuse(struct app_tlog_verdict *v, long long first_bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum core_status
refuse(struct app_tlog_verdict *v, long long first_bad, const char *fmt, ...)
{
	va_list ap;

	v->first_bad = first_bad;
	va_start(ap, fmt);
	vsnprintf(v->problem, sizeof(v->problem), fmt, ap);
	va_end(ap);
	return CORE_OK;
}

/* The consistency proof from the checkpoint's tree to the current one,
 * from the store's tree, checked against both roots. */
static enum core_status
prove_extension(struct store *st, const core_merkle_hash old_root, struct app_tlog_verdict *v,
		struct core_error *err)
{
	core_merkle_hash root;
	enum core_status rc;

	if (v->size == 0) {
		v->consistent = true;
		return CORE_OK;
	}
	if ((rc = store_audit_root(st, v->entries, root, err)) ||
	    (rc = store_audit_consistency(st, v->size, v->entries, v->proof, &v->proof_len, err)))
		return rc;
	v->consistent = core_merkle_verify_consistency(v->size, v->entries, old_root, root, v->proof,
						       v->proof_len);
	return CORE_OK;
}

/* The checks past the signature and origin, in the order that locates a
 * fault best: the trail's own, then the checkpoint's. */
static enum core_status
check_against(struct store *st, const core_merkle_hash root, const struct store_audit_verify_opts *opts,
	      struct app_tlog_verdict *v, struct core_error *err)
{
	struct store_audit_verify_opts o = opts ? *opts : (struct store_audit_verify_opts){ 0 };
	enum core_status rc;

	o.size = v->size;
	if ((rc = store_audit_verify(st, &o, &v->trail, err)))
		return rc;
	v->entries = v->trail.entries;
	if (v->trail.stopped)
		return CORE_OK;
	if (v->trail.first_bad)
		return refuse(v, v->trail.first_bad, "%s", v->trail.problem);
	if (v->size > v->entries)
		return refuse(v, v->entries + 1,
			      "The trail holds %lld entries, fewer than the %lld of the checkpoint: entries %lld to %lld were cut off its end.",
			      v->entries, v->size, v->entries + 1, v->size);
	if (!v->trail.root_known || memcmp(v->trail.root, root, CORE_MERKLE_HASH) != 0)
		return refuse(v, 1,
			      "The first %lld entries do not hash to the checkpoint's root: one of them was changed and every hash after it remade (the store's own checks cannot see which; an older checkpoint narrows it down).",
			      v->size);
	if ((rc = prove_extension(st, root, v, err)))
		return rc;
	if (!v->consistent)
		return refuse(v, v->size + 1,
			      "The store's tree is not an append-only extension of the checkpoint: its stored hashes do not prove it.");
	return CORE_OK;
}

enum core_status
app_tlog_verify(struct store *st, const char *note, const char *key, const char *origin,
		const struct store_audit_verify_opts *opts, struct app_tlog_verdict *v,
		struct core_error *err)
{
	char cp_origin[CORE_NOTE_NAME_MAX + 1], ours[CORE_NOTE_NAME_MAX + 1];
	core_merkle_hash root;
	enum core_status rc;

	memset(v, 0, sizeof(*v));
	if ((rc = open_checkpoint(note, key, cp_origin, sizeof(cp_origin), &v->size, root, err)) ||
	    (rc = app_tlog_origin(st, origin, ours, sizeof(ours), err)))
		return rc;
	if (strcmp(cp_origin, ours) != 0)
		return core_error_set(err, CORE_REFUSED,
			"The checkpoint is of the log %s, and this store's is %s: it is another store's checkpoint.",
			cp_origin, ours);
	return check_against(st, root, opts, v, err);
}

/* ---- proofs ---- */

enum core_status
app_tlog_prove(struct store *st, long long seq, long long size, json_t **out,
	       struct core_error *err)
{
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], leaf;
	char b64[CORE_MERKLE_B64];
	json_t *o, *list;
	enum core_status rc;
	int n, i;

	*out = NULL;
	if (size <= 0 && (rc = store_audit_size(st, &size, err)))
		return rc;
	if ((rc = store_audit_inclusion(st, seq, size, proof, &n, err)) ||
	    (rc = store_audit_leaf(st, seq, leaf, err)))
		return rc;
	list = json_array();
	for (i = 0; i < n; i++) {
		core_merkle_b64(proof[i], b64);
		json_array_append_new(list, json_string(b64));
	}
	core_merkle_b64(leaf, b64);
	o = json_pack("{s:I, s:I, s:I, s:s, s:o}", "seq", (json_int_t)seq, "leafIndex",
		      (json_int_t)(seq - 1), "treeSize", (json_int_t)size, "leafHash", b64, "proof", list);
	if (!o)
		return core_error_set(err, CORE_STORE, "Out of memory writing the proof.");
	*out = o;
	return CORE_OK;
}

/* A text field of the entry, or NULL when absent or not text. */
static const char *
field(const json_t *entry, const char *key)
{
	return json_string_value(json_object_get(entry, key));
}

/* before or after as the store keeps it: NULL for null, compact sorted
 * ASCII JSON for a value, a string kept as it was when the store held
 * text that was not JSON. Caller frees *out. */
static bool
stored_json(const json_t *v, char **out)
{
	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (json_is_string(v))
		*out = strdup(json_string_value(v));
	else
		*out = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
	return *out != NULL;
}

enum core_status
app_tlog_entry_leaf(const json_t *entry, core_merkle_hash out, struct core_error *err)
{
	json_t *seq = json_object_get(entry, "seq");
	char *before = NULL, *after = NULL;
	struct core_audit_entry e = {
		.at = field(entry, "at"), .actor = field(entry, "actor"),
		.action = field(entry, "action"), .object = field(entry, "object"),
	};

	if (!json_is_integer(seq) || !e.at || !e.actor || !e.action || !e.object)
		return core_error_set(err, CORE_REFUSED,
			"The proof's entry lacks one of seq, at, actor, action and object.");
	if (!stored_json(json_object_get(entry, "before"), &before) ||
	    !stored_json(json_object_get(entry, "after"), &after)) {
		free(before);
		return core_error_set(err, CORE_STORE, "Out of memory reading the proof's entry.");
	}
	e.seq = (long long)json_integer_value(seq);
	e.before = before;
	e.after = after;
	core_audit_leaf(&e, out);
	free(before);
	free(after);
	return CORE_OK;
}

/* The proof's hashes; false when one is not base64 of 32 bytes or there
 * are too many. */
static bool
read_proof(const json_t *list, core_merkle_hash *proof, int *n)
{
	size_t i;
	json_t *h;

	if (!json_is_array(list) || json_array_size(list) > CORE_MERKLE_MAX_PROOF)
		return false;
	*n = 0;
	json_array_foreach(list, i, h) {
		if (!json_is_string(h) || !core_merkle_from_b64(json_string_value(h), proof[*n]))
			return false;
		(*n)++;
	}
	return true;
}

/* The checks of app_tlog_check_proof once both files are read. */
static enum core_status
check_proof(const json_t *p, long long size, const core_merkle_hash root, long long *seq,
	    struct core_error *err)
{
	core_merkle_hash leaf, claimed, proof[CORE_MERKLE_MAX_PROOF];
	json_t *tree = json_object_get(p, "treeSize"), *index = json_object_get(p, "leafIndex");
	const char *leaf_b64 = json_string_value(json_object_get(p, "leafHash"));
	enum core_status rc;
	int n;

	if (!json_is_integer(tree) || !json_is_integer(index) || !leaf_b64 ||
	    !core_merkle_from_b64(leaf_b64, claimed) || !read_proof(json_object_get(p, "proof"), proof, &n))
		return core_error_set(err, CORE_REFUSED,
			"The proof is not one billcon audit prove writes: treeSize, leafIndex, leafHash or proof is missing or malformed.");
	*seq = (long long)json_integer_value(index) + 1;
	if (json_integer_value(tree) != size)
		return core_error_set(err, CORE_REFUSED,
			"The proof is of a tree of %lld entries and the checkpoint of %lld: make it with billcon audit prove %lld --size %lld.",
			(long long)json_integer_value(tree), size, *seq, size);
	if ((rc = app_tlog_entry_leaf(json_object_get(p, "entry"), leaf, err)))
		return rc;
	if (memcmp(leaf, claimed, CORE_MERKLE_HASH) != 0 ||
	    json_integer_value(json_object_get(json_object_get(p, "entry"), "seq")) != *seq)
		return core_error_set(err, CORE_REFUSED,
			"The entry in the proof does not hash to its leaf hash: the entry was changed.");
	if (!core_merkle_verify_inclusion(*seq - 1, size, leaf, proof, n, root))
		return core_error_set(err, CORE_REFUSED,
			"The proof does not lead from entry %lld to the checkpoint's root: the entry is not in the log the checkpoint signs.",
			*seq);
	return CORE_OK;
}

enum core_status
app_tlog_check_proof(const char *proof, const char *note, const char *key, long long *seq,
		     struct core_error *err)
{
	char origin[CORE_NOTE_NAME_MAX + 1];
	core_merkle_hash root;
	long long size;
	json_error_t jerr;
	json_t *p;
	enum core_status rc;

	*seq = 0;
	if (!key || !*key)
		return core_error_set(err, CORE_USAGE, "Checking a proof needs the log's verifier key (--key).");
	if ((rc = open_checkpoint(note, key, origin, sizeof(origin), &size, root, err)))
		return rc;
	if (!(p = json_loads(proof, 0, &jerr)))
		return core_error_set(err, CORE_REFUSED, "The proof is not JSON: %s (line %d).", jerr.text,
				      jerr.line);
	rc = check_proof(p, size, root, seq, err);
	json_decref(p);
	return rc;
}
