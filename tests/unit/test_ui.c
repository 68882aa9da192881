/* Unit tests of the console's pure parts: key names and the key map
 * (ui_keys.h), and the clipboard (ui_clip.h): the OSC 52 sequence, and
 * tmux's buffer with a stand-in tmux on PATH.
 * CK_VERBOSITY=normal prints the summary line. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "billcon/core_status.h"
#include "billcon/ui_action.h"
#include "billcon/ui_clip.h"
#include "billcon/ui_console.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_keys.h"
#include "billcon/ui_screen.h"
#include "billcon/ui_wizard.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* s with every byte outside printable ASCII written as \xNN, for failure
 * messages; a few rotating buffers so one message can show two inputs. */
static const char *
show(const char *s, size_t n)
{
	static char bufs[4][1200];
	static int next;
	char *out = bufs[next++ % 4];
	size_t o = 0, i;

	if (!s)
		return "(null)";
	for (i = 0; i < n && o + 5 < sizeof(bufs[0]); i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
	}
	out[o] = '\0';
	return out;
}

static void
fresh_error(struct core_error *err)
{
	err->status = CORE_OK;
	strcpy(err->message, "untouched");
}

/* Output buffers are malloc'd at exactly the size passed, so that valgrind
 * and ASan report any write past it. */
static char *
out_buffer(size_t size)
{
	char *b = malloc(size);

	ck_assert_ptr_nonnull(b);
	memset(b, 'X', size);
	return b;
}

/* ----------------------------------------------------------- key names */

/* Every spelling ui_keys.h documents, in its canonical form (what
 * ui_key_name writes back), except the printable and control characters,
 * which the tests generate. */
static const char *const canonical_names[] = {
	"<Up>", "<Down>", "<Left>", "<Right>", "<PgUp>", "<PgDn>", "<Home>", "<End>",
	"<Enter>", "<Esc>", "<Tab>", "<BTab>", "<Space>", "<Backspace>", "<Delete>",
	"<Insert>", "<F1>", "<F2>", "<F3>", "<F4>", "<F5>", "<F6>", "<F7>", "<F8>",
	"<F9>", "<F10>", "<F11>", "<F12>",
};

static void
assert_round_trip(const char *name)
{
	char out[32], again[32];
	int key = ui_key_parse(name), key2;

	ck_assert_msg(key >= 0 && key < UI_KEY_LIMIT, "\"%s\" parsed to %d", name, key);
	ui_key_name(key, out, sizeof(out));
	key2 = ui_key_parse(out);
	ck_assert_msg(key2 == key, "\"%s\" -> %d -> \"%s\" -> %d", name, key, out, key2);
	ui_key_name(key2, again, sizeof(again));
	ck_assert_str_eq(again, out);
}

START_TEST(key_bracketed_names_round_trip)
{
	char out[32];
	size_t i;

	for (i = 0; i < N_ELEMS(canonical_names); i++) {
		assert_round_trip(canonical_names[i]);
		ui_key_name(ui_key_parse(canonical_names[i]), out, sizeof(out));
		ck_assert_str_eq(out, canonical_names[i]);
	}
}
END_TEST

START_TEST(key_character_names_round_trip)
{
	char name[3] = "";
	int c;

	for (c = '!'; c <= '~'; c++) {
		if (c == '^')
			continue;
		name[0] = (char)c;
		name[1] = '\0';
		assert_round_trip(name);
		ck_assert_int_eq(ui_key_parse(name), c);
	}
	for (c = '@'; c <= '_'; c++) {
		name[0] = '^';
		name[1] = (char)c;
		assert_round_trip(name);
		ck_assert_int_eq(ui_key_parse(name), c & 0x1f);
	}
	assert_round_trip("^?");
	assert_round_trip("^f");
}
END_TEST

START_TEST(key_names_map_to_curses_codes)
{
	static const struct {
		const char *name;
		int key;
	} cases[] = {
		{ "<Up>", KEY_UP },	     { "<Down>", KEY_DOWN },	  { "<Left>", KEY_LEFT },
		{ "<Right>", KEY_RIGHT },    { "<PgUp>", KEY_PPAGE },	  { "<PgDn>", KEY_NPAGE },
		{ "<Home>", KEY_HOME },	     { "<End>", KEY_END },	  { "<Enter>", '\n' },
		{ "<Esc>", 27 },	     { "<Tab>", '\t' },		  { "<BTab>", KEY_BTAB },
		{ "<Space>", ' ' },	     { "<Backspace>", KEY_BACKSPACE },
		{ "<Delete>", KEY_DC },	     { "<Insert>", KEY_IC },	  { "<F1>", KEY_F(1) },
		{ "<F12>", KEY_F(12) },	     { "^F", 6 },		  { "^B", 2 },
		{ "^L", 12 },		     { "^?", 127 },		  { "^@", 0 },
		{ "j", 'j' },		     { "G", 'G' },		  { "/", '/' },
		{ "<", '<' },		     { ">", '>' },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++)
		ck_assert_msg(ui_key_parse(cases[i].name) == cases[i].key, "\"%s\" parsed to %d, not %d",
			      cases[i].name, ui_key_parse(cases[i].name), cases[i].key);
}
END_TEST

START_TEST(key_bad_names)
{
	static const char *const bad[] = {
		"<Dwn>", "", "^", "ab", "<>", "<F0>", "<F13>", "<F01>", "<Down", "Down>",
		"< Down>", "<Down >", "^1", "^ ", "^FF", "jj", "\x80", "<Key>",
	};
	size_t i;

	for (i = 0; i < N_ELEMS(bad); i++)
		ck_assert_msg(ui_key_parse(bad[i]) == -1, "\"%s\" parsed to %d",
			      show(bad[i], strlen(bad[i])), ui_key_parse(bad[i]));
}
END_TEST

START_TEST(key_bracketed_names_ignore_case)
{
	ck_assert_int_eq(ui_key_parse("<pgdn>"), KEY_NPAGE);
	ck_assert_int_eq(ui_key_parse("<PGDN>"), KEY_NPAGE);
	ck_assert_int_eq(ui_key_parse("<pGdN>"), KEY_NPAGE);
	ck_assert_int_eq(ui_key_parse("<esc>"), 27);
	ck_assert_int_eq(ui_key_parse("<f5>"), KEY_F(5));
	ck_assert_int_eq(ui_key_parse("^f"), ui_key_parse("^F"));
	/* Bare characters are not folded: g and G are different keys. */
	ck_assert_int_ne(ui_key_parse("g"), ui_key_parse("G"));
}
END_TEST

START_TEST(key_name_writes_canonical_and_truncates)
{
	char out[32], *small;

	ui_key_name(KEY_ENTER, out, sizeof(out));
	ck_assert_str_eq(out, "<Enter>");
	ui_key_name(6, out, sizeof(out));
	ck_assert_str_eq(out, "^F");
	ui_key_name(127, out, sizeof(out));
	ck_assert_str_eq(out, "^?");
	ui_key_name('j', out, sizeof(out));
	ck_assert_str_eq(out, "j");
	small = out_buffer(3);
	ui_key_name(KEY_NPAGE, small, 3);
	ck_assert_str_eq(small, "<P");
	ui_key_name(KEY_NPAGE, small, 0);
	ck_assert_str_eq(small, "<P");
	free(small);
}
END_TEST

/* ------------------------------------------------------------- defaults */

START_TEST(defaults_bind_documented_keys)
{
	static const struct {
		int key;
		enum ui_action action;
	} cases[] = {
		{ 'j', UI_ACTION_DOWN },	{ KEY_DOWN, UI_ACTION_DOWN },
		{ 'k', UI_ACTION_UP },		{ KEY_UP, UI_ACTION_UP },
		{ 6, UI_ACTION_PAGE_DOWN },	{ KEY_NPAGE, UI_ACTION_PAGE_DOWN },
		{ 2, UI_ACTION_PAGE_UP },	{ KEY_PPAGE, UI_ACTION_PAGE_UP },
		{ 'g', UI_ACTION_FIRST },	{ KEY_HOME, UI_ACTION_FIRST },
		{ 'G', UI_ACTION_LAST },	{ KEY_END, UI_ACTION_LAST },
		{ '\n', UI_ACTION_OPEN },	{ KEY_ENTER, UI_ACTION_OPEN },
		{ '\r', UI_ACTION_OPEN },	{ 27, UI_ACTION_BACK },
		{ 'q', UI_ACTION_BACK },	{ '\t', UI_ACTION_NEXT },
		{ KEY_BTAB, UI_ACTION_PREV },	{ '/', UI_ACTION_FILTER },
		{ ':', UI_ACTION_PALETTE },	{ '?', UI_ACTION_HELP },
		{ 'a', UI_ACTION_ADD },		{ 'e', UI_ACTION_EDIT },
		{ 'd', UI_ACTION_REMOVE },	{ 'y', UI_ACTION_COPY },
		{ 's', UI_ACTION_SORT },	{ 'S', UI_ACTION_REVERSE },
		{ 'r', UI_ACTION_RELOAD },	{ 12, UI_ACTION_RELOAD },
		{ 'Q', UI_ACTION_QUIT },	{ 'x', UI_ACTION_NONE },
		{ ' ', UI_ACTION_NONE },
	};
	struct ui_keymap m;
	size_t i;

	ui_keymap_defaults(&m);
	for (i = 0; i < N_ELEMS(cases); i++)
		ck_assert_msg(ui_keymap_lookup(&m, cases[i].key) == cases[i].action,
			      "key %d: action %d, not %d", cases[i].key,
			      (int)ui_keymap_lookup(&m, cases[i].key), (int)cases[i].action);
}
END_TEST

START_TEST(defaults_every_action_has_a_key)
{
	struct ui_keymap generic, m, other;
	const char *view;
	int a, key, bound;

	ui_keymap_defaults(&generic);
	for (a = UI_ACTION_NONE + 1; a < UI_ACTION_COUNT; a++) {
		/* A view's own action has its key in that view only. */
		view = ui_action_view((enum ui_action)a);
		m = generic;
		if (view) {
			ui_keymap_for_view(&m, &generic, view);
			ui_keymap_for_view(&other, &generic, "elsewhere");
		}
		bound = 0;
		for (key = 0; key < UI_KEY_LIMIT; key++) {
			bound += ui_keymap_lookup(&m, key) == (enum ui_action)a;
			ck_assert(ui_keymap_lookup(&generic, key) != (enum ui_action)a || !view);
			ck_assert(!view || ui_keymap_lookup(&other, key) != (enum ui_action)a);
		}
		ck_assert_msg(bound > 0, "action %s has no key", ui_action_name((enum ui_action)a));
	}
}
END_TEST

#define DEFAULTS_MAX 8

/* Each action's default keys, parsed once: the check below asks about
 * every key in every view, which parsing each time made slow on a busy
 * machine. */
static int defaults[UI_ACTION_COUNT][DEFAULTS_MAX];
static int ndefaults[UI_ACTION_COUNT];

static void
parse_defaults(void)
{
	char list[128], *word, *save;
	int a;

	for (a = UI_ACTION_NONE + 1; a < UI_ACTION_COUNT; a++) {
		snprintf(list, sizeof(list), "%s", ui_action_default_keys((enum ui_action)a));
		ndefaults[a] = 0;
		save = NULL;
		for (word = strtok_r(list, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
			ck_assert_msg(ui_key_parse(word) >= 0, "default key \"%s\" of %s is not a key name",
				      word, ui_action_name((enum ui_action)a));
			ck_assert_int_lt(ndefaults[a], DEFAULTS_MAX);
			defaults[a][ndefaults[a]++] = ui_key_parse(word);
		}
	}
}

/* Whether key is in the default key list of a. */
static bool
default_lists(enum ui_action a, int key)
{
	int i;

	for (i = 0; i < ndefaults[a]; i++)
		if (defaults[a][i] == key)
			return true;
	return false;
}

/* How many actions bound in view (NULL: the generic ones only) list key
 * among their defaults: the generic ones and view's own. */
static int
defaults_in_view(const char *view, int key)
{
	int a, listed = 0;

	for (a = UI_ACTION_NONE + 1; a < UI_ACTION_COUNT; a++) {
		const char *own = ui_action_view((enum ui_action)a);

		if (!own || (view && strcmp(own, view) == 0))
			listed += default_lists((enum ui_action)a, key);
	}
	return listed;
}

START_TEST(defaults_bind_no_key_twice)
{
	int a, key;

	/* Within any one view, a key does one thing; two views may give the
	 * same key to their own actions. */
	parse_defaults();
	for (key = 0; key < UI_KEY_LIMIT; key++) {
		ck_assert_msg(defaults_in_view(NULL, key) <= 1, "key %d is a default of two generic actions", key);
		for (a = UI_ACTION_NONE + 1; a < UI_ACTION_COUNT; a++)
			if (ui_action_view((enum ui_action)a))
				ck_assert_msg(defaults_in_view(ui_action_view((enum ui_action)a), key) <= 1,
					      "key %d is a default of two actions in view %s", key,
					      ui_action_view((enum ui_action)a));
	}
}
END_TEST

START_TEST(lookup_out_of_range_is_none)
{
	struct ui_keymap m;

	ui_keymap_defaults(&m);
	ck_assert_int_eq(ui_keymap_lookup(&m, -1), UI_ACTION_NONE);
	ck_assert_int_eq(ui_keymap_lookup(&m, UI_KEY_LIMIT), UI_ACTION_NONE);
	ck_assert_int_eq(ui_keymap_lookup(&m, 1 << 20), UI_ACTION_NONE);
}
END_TEST

/* ---------------------------------------------------------------- apply */

START_TEST(apply_bind_adds_a_key)
{
	struct ui_keymap m;
	struct core_error err;

	ui_keymap_defaults(&m);
	fresh_error(&err);
	ck_assert_int_eq(ui_keymap_apply(&m, "bind x down\nbind <F2> help\n", "keys", &err), CORE_OK);
	ck_assert_int_eq(ui_keymap_lookup(&m, 'x'), UI_ACTION_DOWN);
	ck_assert_int_eq(ui_keymap_lookup(&m, 'j'), UI_ACTION_DOWN);
	ck_assert_int_eq(ui_keymap_lookup(&m, KEY_F(2)), UI_ACTION_HELP);
}
END_TEST

/* Lines for one view change that view's map only; the others fall back to
 * the generic bindings. */
START_TEST(apply_view_lines_to_their_view_only)
{
	const char *text = "bind tenants x remove\nunbind tenants d\nbind y down\n";
	struct ui_keymap generic, tenants, requests;
	struct core_error err;

	ui_keymap_defaults(&generic);
	fresh_error(&err);
	ck_assert_int_eq(ui_keymap_apply(&generic, text, "keys", &err), CORE_OK);
	ck_assert_int_eq(ui_keymap_lookup(&generic, 'x'), UI_ACTION_NONE);
	ck_assert_int_eq(ui_keymap_lookup(&generic, 'd'), UI_ACTION_REMOVE);
	ck_assert_int_eq(ui_keymap_lookup(&generic, 'y'), UI_ACTION_DOWN);
	ui_keymap_for_view(&tenants, &generic, "tenants");
	ui_keymap_for_view(&requests, &generic, "requests");
	ck_assert_int_eq(ui_keymap_apply(&tenants, text, "keys", &err), CORE_OK);
	ck_assert_int_eq(ui_keymap_apply(&requests, text, "keys", &err), CORE_OK);
	ck_assert_int_eq(ui_keymap_lookup(&tenants, 'x'), UI_ACTION_REMOVE);
	ck_assert_int_eq(ui_keymap_lookup(&tenants, 'd'), UI_ACTION_NONE);
	ck_assert_int_eq(ui_keymap_lookup(&tenants, 'y'), UI_ACTION_DOWN);
	ck_assert_int_eq(ui_keymap_lookup(&tenants, 'j'), UI_ACTION_DOWN);
	ck_assert_int_eq(ui_keymap_lookup(&requests, 'x'), UI_ACTION_NONE);
	ck_assert_int_eq(ui_keymap_lookup(&requests, 'd'), UI_ACTION_REMOVE);
}
END_TEST

START_TEST(apply_bind_replaces_a_key)
{
	struct ui_keymap m;
	struct core_error err;

	ui_keymap_defaults(&m);
	ck_assert_int_eq(ui_keymap_apply(&m, "bind j up\nbind ^M quit", "keys", &err), CORE_OK);
	ck_assert_int_eq(ui_keymap_lookup(&m, 'j'), UI_ACTION_UP);
	ck_assert_int_eq(ui_keymap_lookup(&m, KEY_DOWN), UI_ACTION_DOWN);
	/* ^M is Enter as the terminal sends it; the binding covers every form. */
	ck_assert_int_eq(ui_keymap_lookup(&m, '\n'), UI_ACTION_QUIT);
	ck_assert_int_eq(ui_keymap_lookup(&m, KEY_ENTER), UI_ACTION_QUIT);
}
END_TEST

START_TEST(apply_unbind_removes_a_key)
{
	struct ui_keymap m;
	struct core_error err;

	ui_keymap_defaults(&m);
	ck_assert_int_eq(ui_keymap_apply(&m, "unbind j", "keys", &err), CORE_OK);
	ck_assert_int_eq(ui_keymap_lookup(&m, 'j'), UI_ACTION_NONE);
	ck_assert_int_eq(ui_keymap_lookup(&m, KEY_DOWN), UI_ACTION_DOWN);
}
END_TEST

START_TEST(apply_skips_comments_and_blank_lines)
{
	struct ui_keymap m, before;
	struct core_error err;

	ui_keymap_defaults(&m);
	before = m;
	ck_assert_int_eq(ui_keymap_apply(&m, "", "keys", &err), CORE_OK);
	ck_assert_int_eq(ui_keymap_apply(&m, "# only a comment\n\n   \n\t\n", "keys", &err), CORE_OK);
	ck_assert_mem_eq(&m, &before, sizeof(m));
	ck_assert_int_eq(ui_keymap_apply(&m, "# bind y down\r\n  bind\tx  quit \r\n\n", "keys", &err),
			 CORE_OK);
	ck_assert_int_eq(ui_keymap_lookup(&m, 'x'), UI_ACTION_QUIT);
	ck_assert_int_eq(ui_keymap_lookup(&m, 'y'), UI_ACTION_COPY);
}
END_TEST

/* Applies text to the defaults, expects CORE_USAGE with message, and the
 * map as it was. */
static void
assert_apply_fails(const char *text, const char *message)
{
	struct ui_keymap m, before;
	struct core_error err;

	ui_keymap_defaults(&m);
	before = m;
	fresh_error(&err);
	ck_assert_int_eq(ui_keymap_apply(&m, text, "keys", &err), CORE_USAGE);
	ck_assert_int_eq(err.status, CORE_USAGE);
	ck_assert_str_eq(err.message, message);
	ck_assert_mem_eq(&m, &before, sizeof(m));
}

START_TEST(apply_bad_key_changes_nothing)
{
	assert_apply_fails("bind x down\nunbind j\nbind <Dwn> down\n",
			   "keys line 3: \"<Dwn>\" is not a key name.");
	assert_apply_fails("unbind jj", "keys line 1: \"jj\" is not a key name.");
}
END_TEST

START_TEST(apply_unknown_action_changes_nothing)
{
	assert_apply_fails("# mine\n\nunbind j\nbind k jump\nbind x down\n",
			   "keys line 4: there is no action \"jump\".");
}
END_TEST

START_TEST(apply_malformed_lines_change_nothing)
{
	assert_apply_fails("bind x down\nbind x", "keys line 2: bind takes [VIEW], a key and an action.");
	assert_apply_fails("bind tenants x down extra",
			   "keys line 1: bind takes [VIEW], a key and an action.");
	assert_apply_fails("\nunbind", "keys line 2: unbind takes [VIEW] and one key.");
	/* A line for one view is checked even by the generic map. */
	assert_apply_fails("bind tenants x jump", "keys line 1: there is no action \"jump\".");
	assert_apply_fails("\n\nrebind x down",
			   "keys line 3: \"rebind\" is neither bind nor unbind.");
}
END_TEST

/* ----------------------------------------------------------------- load */

START_TEST(load_missing_file_is_ok)
{
	struct ui_keymap m, before;
	struct core_error err;

	ui_keymap_defaults(&m);
	before = m;
	fresh_error(&err);
	ck_assert_int_eq(ui_keymap_load(&m, "/nonexistent-billcon-dir/keys", &err), CORE_OK);
	ck_assert_mem_eq(&m, &before, sizeof(m));
}
END_TEST

/* Writes text to a fresh temporary file, whose path goes into path. */
static void
write_temp(char *path, size_t size, const char *text)
{
	FILE *f;
	int fd;

	snprintf(path, size, "/tmp/billcon-test-keys-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(load_applies_a_file)
{
	char path[64], expected[160];
	struct ui_keymap m, before;
	struct core_error err;

	ui_keymap_defaults(&m);
	write_temp(path, sizeof(path), "# mine\nbind x quit\n");
	ck_assert_int_eq(ui_keymap_load(&m, path, &err), CORE_OK);
	ck_assert_int_eq(ui_keymap_lookup(&m, 'x'), UI_ACTION_QUIT);
	unlink(path);

	before = m;
	write_temp(path, sizeof(path), "bind z quit\nbind y nope\n");
	fresh_error(&err);
	ck_assert_int_eq(ui_keymap_load(&m, path, &err), CORE_USAGE);
	snprintf(expected, sizeof(expected), "%s line 2: there is no action \"nope\".", path);
	ck_assert_str_eq(err.message, expected);
	ck_assert_mem_eq(&m, &before, sizeof(m));
	unlink(path);
}
END_TEST

START_TEST(load_unreadable_file_is_usage)
{
	char dir[] = "/tmp/billcon-test-keys-XXXXXX";
	struct ui_keymap m, before;
	struct core_error err;

	/* A directory: readable permissions do not help, so this also works as
	 * root. */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ui_keymap_defaults(&m);
	before = m;
	fresh_error(&err);
	ck_assert_int_eq(ui_keymap_load(&m, dir, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, dir));
	ck_assert_mem_eq(&m, &before, sizeof(m));
	rmdir(dir);
}
END_TEST

/* ------------------------------------------------------------- keys_for */

START_TEST(keys_for_lists_printable_first)
{
	struct ui_keymap m;
	struct core_error err;
	char out[64];

	ui_keymap_defaults(&m);
	ui_keymap_keys_for(&m, UI_ACTION_DOWN, out, sizeof(out));
	ck_assert_str_eq(out, "j, <Down>");
	ui_keymap_keys_for(&m, UI_ACTION_PAGE_DOWN, out, sizeof(out));
	ck_assert_str_eq(out, "^F, <PgDn>");
	ui_keymap_keys_for(&m, UI_ACTION_RELOAD, out, sizeof(out));
	ck_assert_str_eq(out, "r, ^L");
	ui_keymap_keys_for(&m, UI_ACTION_OPEN, out, sizeof(out));
	ck_assert_str_eq(out, "<Enter>");
	ck_assert_int_eq(ui_keymap_apply(&m, "bind x down\nbind <F1> down", "keys", &err), CORE_OK);
	ui_keymap_keys_for(&m, UI_ACTION_DOWN, out, sizeof(out));
	ck_assert_str_eq(out, "j, x, <Down>, <F1>");
}
END_TEST

START_TEST(keys_for_unbound_and_truncated)
{
	struct ui_keymap m;
	struct core_error err;
	char *out;

	ui_keymap_defaults(&m);
	out = out_buffer(5);
	ui_keymap_keys_for(&m, UI_ACTION_DOWN, out, 5);
	ck_assert_str_eq(out, "j, <");
	ui_keymap_keys_for(&m, UI_ACTION_NONE, out, 5);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(ui_keymap_apply(&m, "unbind Q", "keys", &err), CORE_OK);
	ui_keymap_keys_for(&m, UI_ACTION_QUIT, out, 5);
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

/* --------------------------------------------------------------- base64 */

START_TEST(base64_rfc4648_vectors)
{
	static const char *const vectors[][2] = {
		{ "", "" },	    { "f", "Zg==" },	     { "fo", "Zm8=" },	       { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	size_t i, len;
	char *b;

	for (i = 0; i < N_ELEMS(vectors); i++) {
		len = 999;
		b = ui_base64(vectors[i][0], strlen(vectors[i][0]), &len);
		ck_assert_ptr_nonnull(b);
		ck_assert_str_eq(b, vectors[i][1]);
		ck_assert_uint_eq(len, strlen(vectors[i][1]));
		free(b);
	}
}
END_TEST

START_TEST(base64_binary_bytes)
{
	static const unsigned char data[] = { 0x00, 0xff, 0xfe, 0xfb, 0xef, 0x80 };
	size_t len;
	char *b = ui_base64(data, sizeof(data), &len);

	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b, "AP/++++A");
	free(b);
}
END_TEST

/* ---------------------------------------------------------------- OSC 52 */

static void
assert_sequence(const char *text, enum ui_clip_wrap wrap, const char *expected, size_t n)
{
	struct core_error err;
	size_t len = 0;
	char *seq;

	fresh_error(&err);
	seq = ui_osc52_sequence(text, wrap, &len, &err);
	ck_assert_ptr_nonnull(seq);
	ck_assert_msg(len == n && memcmp(seq, expected, n) == 0, "wrap %d: got \"%s\", not \"%s\"",
		      (int)wrap, show(seq, len), show(expected, n));
	ck_assert_int_eq(seq[len], '\0');
	free(seq);
}

#define ASSERT_SEQUENCE(text, wrap, lit) assert_sequence(text, wrap, lit, sizeof(lit) - 1)

START_TEST(osc52_plain_sequence)
{
	ASSERT_SEQUENCE("hi", UI_CLIP_PLAIN, "\033]52;c;aGk=\a");
	ASSERT_SEQUENCE("", UI_CLIP_PLAIN, "\033]52;c;\a");
}
END_TEST

START_TEST(osc52_tmux_sequence)
{
	ASSERT_SEQUENCE("hi", UI_CLIP_TMUX, "\033Ptmux;\033\033]52;c;aGk=\a\033\\");
}
END_TEST

START_TEST(osc52_screen_sequence)
{
	ASSERT_SEQUENCE("hi", UI_CLIP_SCREEN, "\033P\033]52;c;aGk=\a\033\\");
}
END_TEST

/* A text of n 'a's (malloc'd). */
static char *
text_of(size_t n)
{
	char *t = malloc(n + 1);

	ck_assert_ptr_nonnull(t);
	memset(t, 'a', n);
	t[n] = '\0';
	return t;
}

/* base64 comes in fours, so the longest payload allowed is the largest
 * multiple of 4 not over UI_OSC52_MAX, from UI_OSC52_MAX / 4 * 3 bytes. */
START_TEST(osc52_largest_payload_accepted)
{
	size_t n = UI_OSC52_MAX / 4 * 3, len = 0;
	char *t = text_of(n), *seq;
	struct core_error err;

	fresh_error(&err);
	seq = ui_osc52_sequence(t, UI_CLIP_TMUX, &len, &err);
	ck_assert_ptr_nonnull(seq);
	ck_assert_uint_eq(len, strlen("\033Ptmux;\033\033]52;c;") + UI_OSC52_MAX / 4 * 4 +
				       strlen("\a\033\\"));
	ck_assert_int_eq(err.status, CORE_OK);
	free(seq);
	free(t);
}
END_TEST

START_TEST(osc52_one_byte_more_refused)
{
	size_t n = UI_OSC52_MAX / 4 * 3 + 1, len = 0;
	char *t = text_of(n), expected[32];
	struct core_error err;

	fresh_error(&err);
	ck_assert_ptr_null(ui_osc52_sequence(t, UI_CLIP_PLAIN, &len, &err));
	ck_assert_int_eq(err.status, CORE_REFUSED);
	snprintf(expected, sizeof(expected), "%d", UI_OSC52_MAX / 4 * 4 + 4);
	ck_assert_ptr_nonnull(strstr(err.message, expected));
	snprintf(expected, sizeof(expected), "%d", UI_OSC52_MAX);
	ck_assert_ptr_nonnull(strstr(err.message, expected));
	ck_assert_ptr_null(ui_osc52_sequence(t, UI_CLIP_PLAIN, &len, NULL));
	free(t);
}
END_TEST

/* ------------------------------------------------------------ wrap/env */

static const char *const wrap_vars[] = { "TMUX", "STY", "TERM" };

/* Sets the three variables ui_clip_wrap_from_env reads (NULL: unset) and
 * returns what it says. */
static enum ui_clip_wrap
wrap_with(const char *tmux, const char *sty, const char *term)
{
	const char *values[] = { tmux, sty, term };
	size_t i;

	for (i = 0; i < N_ELEMS(wrap_vars); i++)
		if (values[i])
			ck_assert_int_eq(setenv(wrap_vars[i], values[i], 1), 0);
		else
			ck_assert_int_eq(unsetenv(wrap_vars[i]), 0);
	return ui_clip_wrap_from_env();
}

START_TEST(wrap_from_env_combinations)
{
	char *saved[N_ELEMS(wrap_vars)];
	const char *tmux = "/tmp/tmux-1000/default,1234,0";
	size_t i;

	/* With CK_FORK=no the tests share one environment: put it back. */
	for (i = 0; i < N_ELEMS(wrap_vars); i++)
		saved[i] = getenv(wrap_vars[i]) ? strdup(getenv(wrap_vars[i])) : NULL;
	ck_assert_int_eq(wrap_with(NULL, NULL, NULL), UI_CLIP_PLAIN);
	ck_assert_int_eq(wrap_with(NULL, NULL, "xterm-256color"), UI_CLIP_PLAIN);
	ck_assert_int_eq(wrap_with(NULL, NULL, "xscreen"), UI_CLIP_PLAIN);
	ck_assert_int_eq(wrap_with(NULL, NULL, "screen"), UI_CLIP_SCREEN);
	ck_assert_int_eq(wrap_with(NULL, NULL, "screen-256color"), UI_CLIP_SCREEN);
	ck_assert_int_eq(wrap_with(NULL, "4242.pts-0.host", "xterm"), UI_CLIP_SCREEN);
	ck_assert_int_eq(wrap_with(tmux, NULL, "screen-256color"), UI_CLIP_TMUX);
	ck_assert_int_eq(wrap_with(tmux, NULL, "tmux-256color"), UI_CLIP_TMUX);
	ck_assert_int_eq(wrap_with(tmux, "4242.pts-0.host", "screen"), UI_CLIP_TMUX);
	wrap_with(saved[0], saved[1], saved[2]);
	for (i = 0; i < N_ELEMS(wrap_vars); i++)
		free(saved[i]);
}
END_TEST

/* ---------------------------------------------------------- tmux buffer */

/* A stand-in tmux, first on PATH in the fresh folder dir, running the sh
 * script body; returns the PATH to put back (malloc'd). */
static char *
fake_tmux(char *dir, const char *body)
{
	char path[512], *old = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	FILE *f;

	ck_assert_ptr_nonnull(old);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/tmux", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "#!/bin/sh\n%s\n", body);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, 0755), 0);
	snprintf(path, sizeof(path), "%s:%s", dir, old);
	ck_assert_int_eq(setenv("PATH", path, 1), 0);
	return old;
}

/* Puts PATH back and removes dir with the files the tests leave there. */
static void
drop_fake_tmux(const char *dir, char *old_path)
{
	char path[512];

	setenv("PATH", old_path, 1);
	free(old_path);
	snprintf(path, sizeof(path), "%s/tmux", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/got", dir);
	unlink(path);
	rmdir(dir);
}

START_TEST(tmux_load_gives_the_text_on_stdin)
{
	char dir[] = "/tmp/billcon-test-tmux-XXXXXX", path[512], got[128] = "";
	char *old = fake_tmux(dir, "[ \"$*\" = \"load-buffer -w -\" ] || exit 9\n"
				   "cat >\"$(dirname \"$0\")/got\"");
	FILE *f;

	ck_assert(ui_clip_tmux_load("c0000000-0000-4000-8000-000000000002"));
	snprintf(path, sizeof(path), "%s/got", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(fgets(got, sizeof(got), f));
	fclose(f);
	ck_assert_str_eq(got, "c0000000-0000-4000-8000-000000000002");
	drop_fake_tmux(dir, old);
}
END_TEST

/* A tmux that fails without reading (an old one without -w, or no server):
 * false, and the text larger than a pipe holds raises no SIGPIPE here. */
START_TEST(tmux_load_failure_is_false)
{
	char dir[] = "/tmp/billcon-test-tmux-XXXXXX";
	char *old = fake_tmux(dir, "exit 1"), *big = text_of(256 * 1024);

	ck_assert(!ui_clip_tmux_load("x"));
	ck_assert(!ui_clip_tmux_load(big));
	free(big);
	drop_fake_tmux(dir, old);
}
END_TEST

START_TEST(tmux_load_without_tmux_is_false)
{
	char dir[] = "/tmp/billcon-test-tmux-XXXXXX";
	char *old = fake_tmux(dir, "exit 0");

	ck_assert_int_eq(setenv("PATH", "/nonexistent", 1), 0);
	ck_assert(!ui_clip_tmux_load("x"));
	drop_fake_tmux(dir, old);
}
END_TEST

/* A tmux that hangs is not waited for long: the console must not freeze. */
START_TEST(tmux_load_that_hangs_is_given_up)
{
	char dir[] = "/tmp/billcon-test-tmux-XXXXXX";
	char *old = fake_tmux(dir, "exec sleep 30");
	time_t start = time(NULL);

	ck_assert(!ui_clip_tmux_load("x"));
	ck_assert_int_le(time(NULL) - start, 3);
	drop_fake_tmux(dir, old);
}
END_TEST

/* The key script's tokens, parsed with no terminal: each kind once. */
START_TEST(script_tokens)
{
	const char *script = "  j ^F <Enter> \"a b\" <Dump>\n<Resize:60x16> <Nope> word";
	struct ui_script_token t = { .n = 0 };

	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.n, 1);
	ck_assert_int_eq(t.keys[0], 'j');
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.keys[0], 6);
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.keys[0], '\n');
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.n, 3);
	ck_assert_int_eq(t.keys[1], ' ');
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.keys[0], UI_KEY_DUMP);
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.keys[0], KEY_RESIZE);
	ck_assert_int_eq(t.resize_cols, 60);
	ck_assert_int_eq(t.resize_lines, 16);
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.n, 0);
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.n, 4);
	ck_assert_int_eq(t.keys[3], 'd');
	ck_assert(!ui_script_token(&script, &t));
	/* <Idle> waits with no key; <Paste> is the markers around its text,
	 * escapes unescaped, spaces kept. */
	script = "<Idle> <Paste>a \\e\\\\</Paste> x";
	memset(&t, 0, sizeof(t));
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.keys[0], UI_KEY_IDLE);
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.n, 6);
	ck_assert_int_eq(t.keys[0], UI_KEY_PASTE_BEGIN);
	ck_assert_int_eq(t.keys[2], ' ');
	ck_assert_int_eq(t.keys[3], 27);
	ck_assert_int_eq(t.keys[4], '\\');
	ck_assert_int_eq(t.keys[5], UI_KEY_PASTE_END);
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.keys[0], 'x');
}
END_TEST

/* A resize beyond what a terminal could be types nothing: ncurses crashed
 * on <Resize:100000x100000> (found while fuzzing the key scripts). */
START_TEST(script_resize_is_bounded)
{
	static const char *const refused[] = {
		"<Resize:100000x100000>", "<Resize:1001x24>", "<Resize:80x1001>", "<Resize:0x24>",
		"<Resize:80x0>", "<Resize:-5x-5>", "<Resize:99999999999999999999x1>", "<Resize:80x24>x",
		"<Resize:80x>", "<Resize:x24>", "<Resize: 80x24>", "<Resize:+80x24>",
	};
	struct ui_script_token t = { .n = 0 };
	const char *script;
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		script = refused[i];
		ck_assert(ui_script_token(&script, &t));
		ck_assert_msg(t.n == 0 || t.keys[0] != KEY_RESIZE, "%s resized", refused[i]);
	}
	script = "<Resize:1000x1000> <Resize:1x1>";
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.keys[0], KEY_RESIZE);
	ck_assert_int_eq(t.resize_cols, 1000);
	ck_assert(ui_script_token(&script, &t));
	ck_assert_int_eq(t.resize_lines, 1);
}
END_TEST

/* Quoted text longer than a token goes on whole in the next one: the 256th
 * character used to be lost, and the rest read as bare words. */
START_TEST(script_long_quote_goes_on)
{
	char script[400] = "\"";
	const char *p = script;
	struct ui_script_token t = { .n = 0 };
	int i;

	for (i = 0; i < 300; i++)
		script[1 + i] = (char)('a' + i % 26);
	strcat(script, "\" x");
	ck_assert(ui_script_token(&p, &t));
	ck_assert_int_eq(t.n, 255);
	ck_assert(ui_script_token(&p, &t));
	ck_assert_int_eq(t.n, 45);
	ck_assert_int_eq(t.keys[0], 'a' + 255 % 26);
	ck_assert(ui_script_token(&p, &t));
	ck_assert_int_eq(t.n, 1);
	ck_assert_int_eq(t.keys[0], 'x');
	ck_assert(!ui_script_token(&p, &t));
}
END_TEST

/* The wizard's row of steps: every title when they fit, then the current
 * title with the others numbered, then numbers only; the current step in
 * brackets, states after titles, the end marker last. */
static const struct core_wizard_step link_steps[] = {
	{ "account", "Select billing account" },
	{ "profile", "Select billing profile" },
	{ "review", "Review" },
};

START_TEST(wizard_steps_line_shortens)
{
	struct core_wizard w = { .steps = link_steps, .nsteps = 3, .current = 1 };
	const char *states[] = { "done", NULL, NULL };
	char out[512];

	ui_wizard_steps_line(&w, NULL, "Finish", 80, out, sizeof(out));
	ck_assert_str_eq(out, "Select billing account > [Select billing profile] > Review > Finish");
	ui_wizard_steps_line(&w, NULL, "Finish", 60, out, sizeof(out));
	ck_assert_str_eq(out, "1 > [2 Select billing profile] > 3 > Finish");
	ui_wizard_steps_line(&w, NULL, "Finish", 30, out, sizeof(out));
	ck_assert_str_eq(out, "1 > [2/3] > 3 > Finish");
	ui_wizard_steps_line(&w, states, NULL, 80, out, sizeof(out));
	ck_assert_str_eq(out, "Select billing account done > [Select billing profile] > Review");
	w.current = 2;
	ui_wizard_steps_line(&w, states, "Finish", 40, out, sizeof(out));
	ck_assert_str_eq(out, "1 done > 2 > [3 Review] > Finish");
}
END_TEST

/* rows: two headings, five choices with a note each, a checkbox, a
 * locked one. */
static void
some_rows(struct ui_rows *r)
{
	char text[32];
	int i;

	memset(r, 0, sizeof(*r));
	r->cursor = -1;
	ui_rows_add(r, UI_ROW_HEADING, "Accounts", NULL);
	ui_rows_add_line(r, "of the tenant", 2, UI_SLOT_DISABLED);
	for (i = 0; i < 5; i++) {
		snprintf(text, sizeof(text), "choice %d", i);
		ck_assert_ptr_nonnull(ui_rows_add(r, UI_ROW_CHOICE, text, "a note"));
	}
	ui_rows_add(r, UI_ROW_CREATE, "Create new", NULL);
	ui_rows_add(r, UI_ROW_CHECKBOX, "accept", NULL);
	ui_rows_add(r, UI_ROW_CHECKBOX, "accepted before", NULL)->locked = true;
	r->height = 5;
}

START_TEST(rows_move_skips_lines_and_scrolls)
{
	struct ui_rows r;

	some_rows(&r);
	ck_assert_int_eq(r.cursor, 2);          /* the first choice */
	ck_assert_int_eq(ui_rows_line_of(&r, 3), 4);
	ck_assert_int_eq(ui_rows_handle(&r, UI_ACTION_DOWN, 'j'), UI_REDRAW);
	ck_assert_int_eq(r.cursor, 3);
	ck_assert_int_eq(r.top, 1);             /* lines 4-5 shown in 5 */
	ui_rows_handle(&r, UI_ACTION_UP, 'k');
	ck_assert_int_eq(r.cursor, 2);
	ck_assert_int_eq(r.top, 0);             /* the first choice shows its heading */
	ui_rows_handle(&r, UI_ACTION_PAGE_DOWN, 0);
	ck_assert_int_eq(r.cursor, 4);          /* two rows of two lines: less than a page */
	ui_rows_handle(&r, UI_ACTION_LAST, 'G');
	ck_assert_int_eq(r.cursor, 9);
	ck_assert_int_eq(r.top, ui_rows_line_of(&r, 10) - 5);
	ui_rows_handle(&r, UI_ACTION_DOWN, 'j');
	ck_assert_int_eq(r.cursor, 9);          /* stays on the last */
	ui_rows_handle(&r, UI_ACTION_FIRST, 'g');
	ck_assert_int_eq(r.cursor, 2);
	ck_assert_int_eq(r.top, 0);
	ui_rows_handle(&r, UI_ACTION_PAGE_UP, 0);
	ck_assert_int_eq(r.cursor, 2);
	ck_assert_int_eq(ui_rows_handle(&r, UI_ACTION_ADD, 'a'), UI_PASS);
	ui_rows_free(&r);
}
END_TEST

START_TEST(rows_space_toggles_unlocked_checkboxes)
{
	struct ui_rows r;

	some_rows(&r);
	ui_rows_select(&r, 8);
	ui_rows_handle(&r, UI_ACTION_NONE, ' ');
	ck_assert(r.rows[8].on);
	ui_rows_handle(&r, UI_ACTION_NONE, ' ');
	ck_assert(!r.rows[8].on);
	ui_rows_select(&r, 9);
	ck_assert_int_eq(ui_rows_handle(&r, UI_ACTION_NONE, ' '), UI_REDRAW);
	ck_assert(!r.rows[9].on);               /* locked */
	ui_rows_select(&r, 1);                  /* a line is never selected */
	ck_assert_int_eq(r.cursor, 9);
	ck_assert_int_eq(r.rows[1].kind, UI_ROW_TEXT);
	ck_assert_int_eq(r.rows[1].indent, 2);
	ck_assert_int_eq(r.rows[1].slot, UI_SLOT_DISABLED);
	ui_rows_free(&r);
}
END_TEST

START_TEST(rows_without_choices_scroll)
{
	struct ui_rows r = { .cursor = -1 };
	int i;

	for (i = 0; i < 12; i++)
		ui_rows_add(&r, UI_ROW_TEXT, "line", NULL);
	r.height = 5;
	ck_assert_ptr_null(ui_rows_selected(&r));
	ui_rows_handle(&r, UI_ACTION_DOWN, 'j');
	ck_assert_int_eq(r.top, 1);
	ui_rows_handle(&r, UI_ACTION_PAGE_DOWN, 0);
	ck_assert_int_eq(r.top, 6);
	ui_rows_handle(&r, UI_ACTION_PAGE_DOWN, 0);
	ck_assert_int_eq(r.top, 7);             /* the last page, no further */
	ui_rows_handle(&r, UI_ACTION_FIRST, 'g');
	ck_assert_int_eq(r.top, 0);
	ui_rows_handle(&r, UI_ACTION_UP, 'k');
	ck_assert_int_eq(r.top, 0);
	ui_rows_clear(&r);
	ck_assert_int_eq(r.n, 0);
	ui_rows_free(&r);
}
END_TEST

static Suite *
ui_suite(void)
{
	Suite *s = suite_create("ui");
	TCase *tc = tcase_create("keys");

	tcase_add_test(tc, key_bracketed_names_round_trip);
	tcase_add_test(tc, key_character_names_round_trip);
	tcase_add_test(tc, key_names_map_to_curses_codes);
	tcase_add_test(tc, key_bad_names);
	tcase_add_test(tc, key_bracketed_names_ignore_case);
	tcase_add_test(tc, key_name_writes_canonical_and_truncates);
	tcase_add_test(tc, defaults_bind_documented_keys);
	tcase_add_test(tc, defaults_every_action_has_a_key);
	tcase_add_test(tc, defaults_bind_no_key_twice);
	tcase_add_test(tc, lookup_out_of_range_is_none);
	tcase_add_test(tc, apply_bind_adds_a_key);
	tcase_add_test(tc, apply_bind_replaces_a_key);
	tcase_add_test(tc, apply_view_lines_to_their_view_only);
	tcase_add_test(tc, apply_unbind_removes_a_key);
	tcase_add_test(tc, apply_skips_comments_and_blank_lines);
	tcase_add_test(tc, apply_bad_key_changes_nothing);
	tcase_add_test(tc, apply_unknown_action_changes_nothing);
	tcase_add_test(tc, apply_malformed_lines_change_nothing);
	tcase_add_test(tc, load_missing_file_is_ok);
	tcase_add_test(tc, load_applies_a_file);
	tcase_add_test(tc, load_unreadable_file_is_usage);
	tcase_add_test(tc, keys_for_lists_printable_first);
	tcase_add_test(tc, keys_for_unbound_and_truncated);
	suite_add_tcase(s, tc);

	tc = tcase_create("script");
	tcase_add_test(tc, script_tokens);
	tcase_add_test(tc, script_resize_is_bounded);
	tcase_add_test(tc, script_long_quote_goes_on);
	suite_add_tcase(s, tc);

	tc = tcase_create("wizard");
	tcase_add_test(tc, wizard_steps_line_shortens);
	tcase_add_test(tc, rows_move_skips_lines_and_scrolls);
	tcase_add_test(tc, rows_space_toggles_unlocked_checkboxes);
	tcase_add_test(tc, rows_without_choices_scroll);
	suite_add_tcase(s, tc);

	tc = tcase_create("clip");
	tcase_add_test(tc, base64_rfc4648_vectors);
	tcase_add_test(tc, base64_binary_bytes);
	tcase_add_test(tc, osc52_plain_sequence);
	tcase_add_test(tc, osc52_tmux_sequence);
	tcase_add_test(tc, osc52_screen_sequence);
	tcase_add_test(tc, osc52_largest_payload_accepted);
	tcase_add_test(tc, osc52_one_byte_more_refused);
	tcase_add_test(tc, wrap_from_env_combinations);
	tcase_add_test(tc, tmux_load_gives_the_text_on_stdin);
	tcase_add_test(tc, tmux_load_failure_is_false);
	tcase_add_test(tc, tmux_load_without_tmux_is_false);
	tcase_add_test(tc, tmux_load_that_hangs_is_given_up);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ui_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
