/* Unit tests of the theme module (src/ui/theme.c) and the shipped themes
 * (themes/NAME.theme, compiled in). Run by `make check`; CK_VERBOSITY=normal
 * prints the summary line. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "billcon/core_status.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_theme.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const slot_names[UI_SLOT_COUNT] = {
#define SLOT_NAME(id, name) [UI_SLOT_##id] = name,
	UI_SLOT_INFO(SLOT_NAME)
#undef SLOT_NAME
};

static const char *const shipped[] = { "default", "high-contrast", "mono" };

static void
fresh_error(struct core_error *err)
{
	err->status = CORE_OK;
	strcpy(err->message, "untouched");
}

/* A theme filled with junk, so that a test sees what a call wrote. */
static void
junk_theme(struct ui_theme *t)
{
	memset(t, 0x5a, sizeof(*t));
	t->name[sizeof(t->name) - 1] = '\0';
}

/* Whether a and b look the same (the name aside). */
static bool
same_look(const struct ui_theme *a, const struct ui_theme *b)
{
	int s;

	if (a->uses_color != b->uses_color)
		return false;
	for (s = 0; s < UI_SLOT_COUNT; s++)
		if (a->slot[s].fg != b->slot[s].fg || a->slot[s].bg != b->slot[s].bg ||
		    a->slot[s].attrs != b->slot[s].attrs)
			return false;
	return true;
}

static void
parse_ok(const char *text, struct ui_theme *t)
{
	struct core_error err;

	fresh_error(&err);
	junk_theme(t);
	ck_assert_msg(ui_theme_parse(text, "test", t, &err) == CORE_OK, "parse failed: %s", err.message);
}

static void
builtin_theme(const char *name, struct ui_theme *t)
{
	const char *text = ui_theme_builtin(name);

	ck_assert_msg(text != NULL, "no built-in theme %s", name);
	parse_ok(text, t);
}

/* The mono base every parse starts from: an empty text changes nothing. */
static void
mono_base(struct ui_theme *t)
{
	parse_ok("", t);
}

/* Parses a bad text and checks the status, that the message is
 * "test.theme line LINE: ..." containing want, and that out is the default. */
static void
parse_fails(const char *text, int line, const char *want)
{
	struct ui_theme t, def;
	struct core_error err;
	char prefix[64];

	builtin_theme("default", &def);
	fresh_error(&err);
	junk_theme(&t);
	ck_assert_int_eq(ui_theme_parse(text, "test.theme", &t, &err), CORE_USAGE);
	ck_assert_int_eq(err.status, CORE_USAGE);
	snprintf(prefix, sizeof(prefix), "test.theme line %d: ", line);
	ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0, "message: %s", err.message);
	ck_assert_msg(strstr(err.message, want) != NULL, "message lacks \"%s\": %s", want, err.message);
	ck_assert_msg(same_look(&t, &def), "after \"%s\" out is not the default theme", text);
	ck_assert_str_eq(t.name, "default");
}

/* ----------------------------------------------------------- slots */

START_TEST(slot_by_name_every_slot)
{
	int s;

	for (s = 0; s < UI_SLOT_COUNT; s++)
		ck_assert_int_eq(ui_slot_by_name(slot_names[s]), s);
	ck_assert_int_eq(ui_slot_by_name("foo"), -1);
	ck_assert_int_eq(ui_slot_by_name(""), -1);
	ck_assert_int_eq(ui_slot_by_name("Normal"), -1);
	ck_assert_int_eq(ui_slot_by_name("state-good "), -1);
	ck_assert_int_eq(ui_slot_by_name(NULL), -1);
}
END_TEST

/* -------------------------------------------------- shipped themes */

START_TEST(builtin_lookup)
{
	size_t i, n = 0;

	for (i = 0; i < N_ELEMS(shipped); i++)
		ck_assert_ptr_nonnull(ui_theme_builtin(shipped[i]));
	while (ui_builtin_theme_names[n])
		n++;
	ck_assert_uint_eq(n, N_ELEMS(shipped));
	ck_assert_ptr_null(ui_builtin_theme_texts[n]);
	ck_assert_ptr_null(ui_theme_builtin("nope"));
	ck_assert_ptr_null(ui_theme_builtin(""));
	ck_assert_ptr_null(ui_theme_builtin("Default"));
	ck_assert_ptr_null(ui_theme_builtin(NULL));
}
END_TEST

/* How often each slot is set by a "color" line of text. */
static void
count_slots(const char *text, int count[UI_SLOT_COUNT])
{
	char line[512], slot[64];

	memset(count, 0, sizeof(int) * UI_SLOT_COUNT);
	while (*text) {
		size_t len = strcspn(text, "\n");

		ck_assert_uint_lt(len, sizeof(line));
		memcpy(line, text, len);
		line[len] = '\0';
		if (sscanf(line, " color %63s", slot) == 1) {
			ck_assert_msg(ui_slot_by_name(slot) >= 0, "no slot %s", slot);
			count[ui_slot_by_name(slot)]++;
		}
		text += len + (text[len] == '\n');
	}
}

START_TEST(shipped_themes_parse_and_name_every_slot)
{
	int count[UI_SLOT_COUNT];
	struct ui_theme t;
	int s;

	for (size_t i = 0; i < N_ELEMS(shipped); i++) {
		const char *text = ui_theme_builtin(shipped[i]);

		builtin_theme(shipped[i], &t);
		ck_assert_msg(text[0] == '#', "%s does not start with a comment", shipped[i]);
		count_slots(text, count);
		for (s = 0; s < UI_SLOT_COUNT; s++)
			ck_assert_msg(count[s] == 1, "%s sets slot %s %d times", shipped[i],
				      slot_names[s], count[s]);
	}
}
END_TEST

START_TEST(mono_file_is_the_base_and_colourless)
{
	struct ui_theme base, mono;
	int s;

	mono_base(&base);
	builtin_theme("mono", &mono);
	ck_assert(!base.uses_color);
	ck_assert(!mono.uses_color);
	ck_assert(same_look(&base, &mono));
	for (s = 0; s < UI_SLOT_COUNT; s++) {
		ck_assert_int_eq(mono.slot[s].fg, -1);
		ck_assert_int_eq(mono.slot[s].bg, -1);
	}
}
END_TEST

START_TEST(mono_marks_states_and_selections)
{
	static const enum ui_slot marked[] = {
		UI_SLOT_TITLE, UI_SLOT_MENU_SELECTED, UI_SLOT_HEADER, UI_SLOT_ROW_SELECTED,
		UI_SLOT_STATUS, UI_SLOT_KEY, UI_SLOT_ERROR, UI_SLOT_STATE_GOOD,
		UI_SLOT_STATE_WAIT, UI_SLOT_STATE_BAD, UI_SLOT_STATE_OFF, UI_SLOT_FIELD,
		UI_SLOT_FIELD_ERROR, UI_SLOT_DISABLED, UI_SLOT_MARKER,
	};
	static const enum ui_slot states[] = {
		UI_SLOT_STATE_GOOD, UI_SLOT_STATE_WAIT, UI_SLOT_STATE_BAD, UI_SLOT_STATE_OFF,
	};
	struct ui_theme t;
	size_t i, j;

	mono_base(&t);
	ck_assert_uint_eq(t.slot[UI_SLOT_NORMAL].attrs, A_NORMAL);
	for (i = 0; i < N_ELEMS(marked); i++)
		ck_assert_msg(t.slot[marked[i]].attrs != A_NORMAL, "mono slot %s is plain",
			      slot_names[marked[i]]);
	for (i = 0; i < N_ELEMS(states); i++)
		for (j = i + 1; j < N_ELEMS(states); j++)
			ck_assert_msg(t.slot[states[i]].attrs != t.slot[states[j]].attrs,
				      "mono %s and %s look alike", slot_names[states[i]],
				      slot_names[states[j]]);
	ck_assert(t.slot[UI_SLOT_ROW_SELECTED].attrs & A_REVERSE);
}
END_TEST

START_TEST(colour_themes_use_colour)
{
	struct ui_theme t;

	builtin_theme("default", &t);
	ck_assert(t.uses_color);
	ck_assert_int_eq(t.slot[UI_SLOT_STATE_GOOD].fg, COLOR_GREEN);
	ck_assert_int_eq(t.slot[UI_SLOT_STATE_WAIT].fg, COLOR_YELLOW);
	ck_assert_int_eq(t.slot[UI_SLOT_STATE_BAD].fg, COLOR_RED);
	ck_assert_int_eq(t.slot[UI_SLOT_NORMAL].bg, -1);
	for (int s = 0; s < UI_SLOT_COUNT; s++)
		ck_assert_msg(t.slot[s].fg < 8 && t.slot[s].bg < 8, "default slot %s needs 16 colours",
			      slot_names[s]);
	builtin_theme("high-contrast", &t);
	ck_assert(t.uses_color);
	ck_assert_int_eq(t.slot[UI_SLOT_NORMAL].bg, COLOR_BLACK);
	ck_assert(t.slot[UI_SLOT_NORMAL].attrs & A_BOLD);
	ck_assert_int_eq(t.slot[UI_SLOT_NORMAL].fg, 8 + COLOR_WHITE);
}
END_TEST

/* ---------------------------------------------------------- parsing */

START_TEST(parse_sets_only_the_named_slots)
{
	struct ui_theme base, t;
	int s;

	mono_base(&base);
	parse_ok("color error red default bold underline\n"
		 "color key bright-white blue\n"
		 "color marker default default normal standout dim reverse", &t);
	ck_assert(t.uses_color);
	ck_assert_int_eq(t.slot[UI_SLOT_ERROR].fg, COLOR_RED);
	ck_assert_int_eq(t.slot[UI_SLOT_ERROR].bg, -1);
	ck_assert_uint_eq(t.slot[UI_SLOT_ERROR].attrs, A_BOLD | A_UNDERLINE);
	ck_assert_int_eq(t.slot[UI_SLOT_KEY].fg, 15);
	ck_assert_int_eq(t.slot[UI_SLOT_KEY].bg, COLOR_BLUE);
	ck_assert_uint_eq(t.slot[UI_SLOT_KEY].attrs, A_NORMAL);
	ck_assert_uint_eq(t.slot[UI_SLOT_MARKER].attrs, A_STANDOUT | A_DIM | A_REVERSE);
	for (s = 0; s < UI_SLOT_COUNT; s++)
		if (s != UI_SLOT_ERROR && s != UI_SLOT_KEY && s != UI_SLOT_MARKER)
			ck_assert_msg(memcmp(&t.slot[s], &base.slot[s], sizeof(t.slot[s])) == 0,
				      "slot %s changed", slot_names[s]);
	/* A later line for the same slot wins. */
	parse_ok("color key red default\ncolor key green default\n", &t);
	ck_assert_int_eq(t.slot[UI_SLOT_KEY].fg, COLOR_GREEN);
}
END_TEST

START_TEST(parse_comments_and_blank_lines)
{
	struct ui_theme base, t;

	mono_base(&base);
	parse_ok("# a comment\n\n   \n\t# indented comment\n#color key red default\n", &t);
	ck_assert(same_look(&t, &base));
	parse_ok("\r\n  color\tkey  green\tdefault bold # trailing comment\r\n\n", &t);
	ck_assert_int_eq(t.slot[UI_SLOT_KEY].fg, COLOR_GREEN);
	ck_assert_uint_eq(t.slot[UI_SLOT_KEY].attrs, A_BOLD);
	/* A '#' inside a word is not a comment: "default#" is no colour. */
	parse_fails("color error red default# glued\n", 1, "\"default#\" is not a colour");
}
END_TEST

START_TEST(parse_colour_numbers)
{
	static const struct {
		const char *word;
		short value;
	} good[] = {
		{ "0", 0 }, { "7", 7 }, { "17", 17 }, { "255", 255 }, { "default", -1 },
		{ "black", COLOR_BLACK }, { "white", COLOR_WHITE }, { "bright-black", 8 },
		{ "bright-cyan", 8 + COLOR_CYAN },
	};
	static const char *const bad[] = {
		"256", "-2", "-1", "1000", "1x", "+5", "0x10", "bright-", "bright-9", "Red", "bright-default",
	};
	char text[128];
	struct ui_theme t;
	size_t i;

	for (i = 0; i < N_ELEMS(good); i++) {
		snprintf(text, sizeof(text), "color key %s %s\n", good[i].word, good[i].word);
		parse_ok(text, &t);
		ck_assert_int_eq(t.slot[UI_SLOT_KEY].fg, good[i].value);
		ck_assert_int_eq(t.slot[UI_SLOT_KEY].bg, good[i].value);
	}
	for (i = 0; i < N_ELEMS(bad); i++) {
		char want[64];

		snprintf(text, sizeof(text), "\ncolor key default %s\n", bad[i]);
		snprintf(want, sizeof(want), "\"%s\" is not a colour", bad[i]);
		parse_fails(text, 2, want);
	}
}
END_TEST

START_TEST(parse_error_bad_slot)
{
	parse_fails("# fine\ncolor key red default\ncolor foo red default\n", 3,
		    "there is no slot \"foo\"");
}
END_TEST

START_TEST(parse_error_bad_colour)
{
	parse_fails("color key purple default\n", 1, "\"purple\" is not a colour");
	parse_fails("color key default purple bold\n", 1, "\"purple\" is not a colour");
}
END_TEST

START_TEST(parse_error_bad_attribute)
{
	parse_fails("\n\n\n\ncolor key red default bold blink2\n", 5, "\"blink2\" is not an attribute");
}
END_TEST

START_TEST(parse_error_syntax)
{
	static const char *const lines[] = {
		"color", "color key", "color key red", "  color key red # default bold",
		"colour key red default", "key red default", "COLOR key red default",
	};
	char text[128], longer[2048];
	size_t i;

	for (i = 0; i < N_ELEMS(lines); i++) {
		snprintf(text, sizeof(text), "# header\n%s\n", lines[i]);
		parse_fails(text, 2, "expected: color SLOT FG BG [ATTR...]");
	}
	memset(longer, ' ', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	memcpy(longer, "color key red default", 21);
	parse_fails(longer, 1, "longer than");
}
END_TEST

/* ---------------------------------------------------------- loading */

/* A temporary config directory for the loading tests, with the previous
 * XDG_CONFIG_HOME and HOME put back afterwards. */
static char tmp_dir[64];
static char tmp_themes[128];
static char *saved_xdg, *saved_home;

static char *
save_env(const char *name)
{
	const char *v = getenv(name);

	return v ? strdup(v) : NULL;
}

static void
restore_env(const char *name, char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
	free(value);
}

static void
config_setup(void)
{
	char billcon[128];

	saved_xdg = save_env("XDG_CONFIG_HOME");
	saved_home = save_env("HOME");
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/billcon-theme-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
	snprintf(billcon, sizeof(billcon), "%s/billcon", tmp_dir);
	snprintf(tmp_themes, sizeof(tmp_themes), "%s/themes", billcon);
	ck_assert_int_eq(mkdir(billcon, 0700), 0);
	ck_assert_int_eq(mkdir(tmp_themes, 0700), 0);
	setenv("XDG_CONFIG_HOME", tmp_dir, 1);
}

/* The files the tests may have made, removed by name: rm -r via system()
 * would do, but this keeps the tests free of the shell. */
static void
config_teardown(void)
{
	static const char *const files[] = {
		"themes/dark.theme", "themes/default.theme", "themes/broken.theme",
		"themes/dir.theme", "themes", "billcon", ".config/billcon/themes/home.theme",
		".config/billcon/themes", ".config/billcon", ".config",
	};
	char path[256];
	size_t i;

	for (i = 0; i < N_ELEMS(files); i++) {
		snprintf(path, sizeof(path), "%s/%s%s", tmp_dir,
			 strncmp(files[i], "themes", 6) == 0 ? "billcon/" : "", files[i]);
		if (unlink(path) != 0)
			rmdir(path);
	}
	rmdir(tmp_dir);
	restore_env("XDG_CONFIG_HOME", saved_xdg);
	restore_env("HOME", saved_home);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
write_theme(const char *name, const char *text)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s.theme", tmp_themes, name);
	write_file(path, text);
}

START_TEST(load_user_theme)
{
	struct ui_theme t;
	struct core_error err;

	write_theme("dark", "# mine\ncolor key bright-red black bold\n");
	fresh_error(&err);
	junk_theme(&t);
	ck_assert_int_eq(ui_theme_load("dark", &t, &err), CORE_OK);
	ck_assert_str_eq(err.message, "untouched");
	ck_assert_str_eq(t.name, "dark");
	ck_assert(t.uses_color);
	ck_assert_int_eq(t.slot[UI_SLOT_KEY].fg, 8 + COLOR_RED);
	ck_assert_int_eq(t.slot[UI_SLOT_KEY].bg, COLOR_BLACK);
	ck_assert_uint_eq(t.slot[UI_SLOT_KEY].attrs, A_BOLD);
	/* A user file shadows the built-in of the same name. */
	write_theme("default", "color title default default underline\n");
	ck_assert_int_eq(ui_theme_load("default", &t, &err), CORE_OK);
	ck_assert_str_eq(t.name, "default");
	ck_assert(!t.uses_color);
	ck_assert_uint_eq(t.slot[UI_SLOT_TITLE].attrs, A_UNDERLINE);
}
END_TEST

START_TEST(load_builtin_and_home_fallback)
{
	struct ui_theme t, want;
	struct core_error err;
	char dir[256];

	builtin_theme("high-contrast", &want);
	fresh_error(&err);
	junk_theme(&t);
	ck_assert_int_eq(ui_theme_load("high-contrast", &t, &err), CORE_OK);
	ck_assert_str_eq(t.name, "high-contrast");
	ck_assert(same_look(&t, &want));
	/* Without XDG_CONFIG_HOME the user's themes are in ~/.config. */
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", tmp_dir, 1);
	snprintf(dir, sizeof(dir), "%s/.config", tmp_dir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/.config/billcon", tmp_dir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/.config/billcon/themes", tmp_dir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/.config/billcon/themes/home.theme", tmp_dir);
	write_file(dir, "color marker green default\n");
	ck_assert_int_eq(ui_theme_load("home", &t, &err), CORE_OK);
	ck_assert_int_eq(t.slot[UI_SLOT_MARKER].fg, COLOR_GREEN);
	ck_assert_int_eq(ui_theme_load("mono", &t, &err), CORE_OK);
	ck_assert(!t.uses_color);
}
END_TEST

START_TEST(load_missing_name)
{
	struct ui_theme t, def;
	struct core_error err;

	builtin_theme("default", &def);
	fresh_error(&err);
	junk_theme(&t);
	ck_assert_int_eq(ui_theme_load("nope", &t, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(err.status, CORE_NOT_FOUND);
	ck_assert_str_eq(err.message,
			 "There is no theme \"nope\" (shipped: default, high-contrast, mono).");
	ck_assert(same_look(&t, &def));
	ck_assert_str_eq(t.name, "default");
}
END_TEST

START_TEST(load_bad_names)
{
	static const char *const names[] = {
		"../x", "a/b", "/etc/passwd", ".hidden", ".", "..", "",
		"a-name-far-too-long-to-fit-in-the-theme-name-field-of-sixty-four-bytes",
	};
	struct ui_theme t, def;
	struct core_error err;
	size_t i;

	builtin_theme("default", &def);
	for (i = 0; i < N_ELEMS(names); i++) {
		fresh_error(&err);
		junk_theme(&t);
		ck_assert_msg(ui_theme_load(names[i], &t, &err) == CORE_USAGE, "\"%s\" accepted", names[i]);
		ck_assert_int_eq(err.status, CORE_USAGE);
		ck_assert(same_look(&t, &def));
	}
	ck_assert_int_eq(ui_theme_load(NULL, &t, NULL), CORE_USAGE);
}
END_TEST

START_TEST(load_bad_user_file)
{
	struct ui_theme t, def;
	struct core_error err;
	char want[256];

	builtin_theme("default", &def);
	write_theme("broken", "# mine\ncolor key red default blink2\n");
	fresh_error(&err);
	junk_theme(&t);
	ck_assert_int_eq(ui_theme_load("broken", &t, &err), CORE_USAGE);
	snprintf(want, sizeof(want), "%s/broken.theme line 2: \"blink2\" is not an attribute", tmp_themes);
	ck_assert_msg(strncmp(err.message, want, strlen(want)) == 0, "message: %s", err.message);
	ck_assert(same_look(&t, &def));
	ck_assert_str_eq(t.name, "default");
	/* A file that cannot be read is no reason to quietly use a built-in. */
	snprintf(want, sizeof(want), "%s/dir.theme", tmp_themes);
	ck_assert_int_eq(mkdir(want, 0700), 0);
	fresh_error(&err);
	ck_assert_int_eq(ui_theme_load("dir", &t, &err), CORE_USAGE);
	ck_assert_msg(strstr(err.message, want) != NULL, "message: %s", err.message);
	ck_assert(same_look(&t, &def));
}
END_TEST

/* ----------------------------------------------------------------- main */

static Suite *
theme_suite(void)
{
	Suite *s = suite_create("theme");
	TCase *tc = tcase_create("parse");
	TCase *load = tcase_create("load");

	tcase_add_test(tc, slot_by_name_every_slot);
	tcase_add_test(tc, builtin_lookup);
	tcase_add_test(tc, shipped_themes_parse_and_name_every_slot);
	tcase_add_test(tc, mono_file_is_the_base_and_colourless);
	tcase_add_test(tc, mono_marks_states_and_selections);
	tcase_add_test(tc, colour_themes_use_colour);
	tcase_add_test(tc, parse_sets_only_the_named_slots);
	tcase_add_test(tc, parse_comments_and_blank_lines);
	tcase_add_test(tc, parse_colour_numbers);
	tcase_add_test(tc, parse_error_bad_slot);
	tcase_add_test(tc, parse_error_bad_colour);
	tcase_add_test(tc, parse_error_bad_attribute);
	tcase_add_test(tc, parse_error_syntax);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(load, config_setup, config_teardown);
	tcase_add_test(load, load_user_theme);
	tcase_add_test(load, load_builtin_and_home_fallback);
	tcase_add_test(load, load_missing_name);
	tcase_add_test(load, load_bad_names);
	tcase_add_test(load, load_bad_user_file);
	suite_add_tcase(s, load);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(theme_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
