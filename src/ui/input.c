/* ui_input: keys, from the terminal or from a test's key script
 * (ui_input.h). */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "billcon/core_text.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_input.h"
#include "billcon/ui_keys.h"
#include "billcon/ui_wire.h"

static struct {
	bool headless;
	const char *script;      /* headless: what is left of the key script */
	struct ui_script_token token; /* headless: the token being typed */
	int ipending;            /* its next key */
	char paste[UI_PASTE_MAX]; /* the text of the last paste */
	bool hung_up;            /* the script said <Hangup> */
} in;

/* The wait for the end of a paste, between two of its characters: a paste
 * cut short must not hang the console. */
#define PASTE_GAP_MS 500
/* The wait between two bytes of a report's answer (sent in one write). */
#define ANSWER_GAP_MS 50
/* How long the console, closing, waits for an answer still on its way. */
#define ANSWER_LAST_MS 1000

const char *
ui_input_paste(void)
{
	return in.paste;
}

/* Appends the whole characters of text that fit buf (size bytes). */
static void
edit_append(char *buf, size_t size, const char *text)
{
	size_t n = strlen(buf), left = strlen(text);
	struct core_text_char c;

	while (left > 0) {
		core_text_next(text, left, &c);
		if (n + c.len >= size)
			break;
		memcpy(buf + n, text, c.len);
		n += c.len;
		text += c.len;
		left -= c.len;
	}
	buf[n] = '\0';
}

/* <Resize:COLSxLINES> into *cols and *lines, each 1 to UI_SCRIPT_SIZE_MAX:
 * a script asking ncurses for 100000x100000 crashed it. Digits only, as
 * sscanf's %d has no defined result past INT_MAX. */
static bool
script_resize(const char *token, int *cols, int *lines)
{
	const char *p = token + 8;
	long c, l;
	char *end;

	if (strncmp(token, "<Resize:", 8) != 0 || !isdigit((unsigned char)*p))
		return false;
	c = strtol(p, &end, 10);
	if (*end != 'x' || !isdigit((unsigned char)end[1]))
		return false;
	l = strtol(end + 1, &end, 10);
	if (strcmp(end, ">") != 0 || c < 1 || c > UI_SCRIPT_SIZE_MAX || l < 1 || l > UI_SCRIPT_SIZE_MAX)
		return false;
	*cols = (int)c;
	*lines = (int)l;
	return true;
}

/* The quoted text at p (past its opening quote) into t, up to the closing
 * quote or as much as t holds: then the text goes on in the next token,
 * where it used to lose a character and end the quote. */
static bool
script_quoted(const char **script, const char *p, struct ui_script_token *t)
{
	for (; *p && *p != '"' && t->n < 255; p++)
		t->keys[t->n++] = (unsigned char)*p;
	t->in_quote = *p && *p != '"';
	*script = *p == '"' ? p + 1 : p;
	return true;
}

/* What a terminal sends for a bracketed paste of the text from p up to
 * "</Paste>" into t, with \e (ESC), \t, \r, \n and \\ unescaped (as much
 * as t holds); *script goes on after it. */
static bool
script_paste(const char **script, const char *p, struct ui_script_token *t)
{
	static const char escapes[] = "e\033t\tr\rn\n\\\\";
	const char *end = strstr(p, "</Paste>"), *e;

	if (!end)
		end = p + strlen(p);
	t->keys[t->n++] = UI_KEY_PASTE_BEGIN;
	for (; p < end && t->n < 254; p++) {
		if (*p == '\\' && p + 1 < end && (e = strchr(escapes, p[1])) != NULL &&
		    (e - escapes) % 2 == 0) {
			t->keys[t->n++] = (unsigned char)e[1];
			p++;
		} else {
			t->keys[t->n++] = (unsigned char)*p;
		}
	}
	t->keys[t->n++] = UI_KEY_PASTE_END;
	*script = *end ? end + 8 : end;
	return true;
}

/* A <Name> token into t: a script action, or a key. */
static void
script_name(const char *token, struct ui_script_token *t)
{
	int key;

	if (strcmp(token, "<Dump>") == 0)
		t->keys[t->n++] = UI_KEY_DUMP;
	else if (strcmp(token, "<Idle>") == 0)
		t->keys[t->n++] = UI_KEY_IDLE;
	else if (strcmp(token, "<Hangup>") == 0)
		t->keys[t->n++] = UI_KEY_HANGUP;
	else if (script_resize(token, &t->resize_cols, &t->resize_lines))
		t->keys[t->n++] = KEY_RESIZE;
	else if ((key = ui_key_parse(token)) >= 0)
		t->keys[t->n++] = key;
}

bool
ui_script_token(const char **script, struct ui_script_token *t)
{
	const char *p = *script;
	char token[256];
	size_t n = 0;
	int key;

	while (p && !t->in_quote && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (!p || !*p) {
		t->in_quote = false;
		return false;
	}
	t->n = 0;
	t->resize_cols = t->resize_lines = 0;
	if (t->in_quote || *p == '"')
		return script_quoted(script, p + !t->in_quote, t);
	if (strncmp(p, "<Paste>", 7) == 0)
		return script_paste(script, p + 7, t);
	while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && n + 1 < sizeof(token))
		token[n++] = *p++;
	token[n] = '\0';
	*script = p;
	if (token[0] == '<' && n > 1 && token[n - 1] == '>') {
		script_name(token, t);
		return true;
	}
	if (token[0] == '^' && n == 2 && (key = ui_key_parse(token)) >= 0) {
		t->keys[t->n++] = key;
		return true;
	}
	for (n = 0; token[n] && t->n < 255; n++)
		t->keys[t->n++] = (unsigned char)token[n];
	return true;
}

/* Queues the keys of the script's next token; a resize takes effect as its
 * key is queued, as the console reads the new size when it sees the key.
 * Returns false at the end of the script. */
static bool
script_token(void)
{
	if (!ui_script_token(&in.script, &in.token))
		return false;
	in.ipending = 0;
	if (in.token.n > 0 && in.token.keys[0] == KEY_RESIZE)
		resize_term(in.token.resize_lines, in.token.resize_cols);
	return true;
}

/* The next key of the script; multibyte UTF-8 is joined into one wide key. */
static int
script_key(void)
{
	int c, len, i;
	char buf[8];
	wchar_t wc;
	mbstate_t ps;

	while (in.ipending >= in.token.n)
		if (!script_token())
			return UI_KEY_END_OF_SCRIPT;
	c = in.token.keys[in.ipending++];
	if (c < 0x80 || c > 0xff)
		return c;
	len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
	buf[0] = (char)c;
	for (i = 1; i < len && in.ipending < in.token.n; i++)
		buf[i] = (char)in.token.keys[in.ipending++];
	memset(&ps, 0, sizeof(ps));
	if (mbrtowc(&wc, buf, (size_t)i, &ps) > (size_t)i)
		return c;
	return UI_KEY_WIDE | (int)wc;
}

/* One key from the terminal in our codes, ERR when none came in time. */
static int
read_key(int timeout_ms)
{
	wint_t wch;
	int rc;

	wtimeout(stdscr, timeout_ms);
	rc = wget_wch(stdscr, &wch);
	if (rc == ERR)
		return ERR;
	if (rc == KEY_CODE_YES || wch < 0x80)
		return (int)wch;
	return UI_KEY_WIDE | (int)wch;
}

/* The bytes of key as text into out (NUL-terminated), 0 when it is none:
 * a key code, or a control character unless controls (a paste keeps them;
 * a typed one is a command). */
static int
key_text(int key, char out[MB_LEN_MAX + 1], bool controls)
{
	int len = 0;

	if (key & UI_KEY_WIDE)
		len = wctomb(out, (wchar_t)(key & ~UI_KEY_WIDE));
	else if (key >= ' ' && key < 127)
		out[len++] = (char)key;
	else if (controls && key >= 0 && key < 0x80)
		out[len++] = (char)key;
	out[len > 0 ? len : 0] = '\0';
	return len > 0 ? len : 0;
}

/* Reads a paste's text up to its end, key by key from next: the end marker
 * as a key code (the script; a terminal's with keypad on) or as the bytes
 * ESC [ 201 ~ (a terminal's with keypad off), the end of the script, or
 * silence. Bytes that begin the marker are held back until it is clear
 * they do not end the paste. */
static int
collect_paste(int (*next)(void))
{
	static const char marker[] = "\033[201~";
	char text[MB_LEN_MAX + 1];
	size_t held = 0;
	int key;

	in.paste[0] = '\0';
	while ((key = next()) != ERR && key != UI_KEY_PASTE_END && key != UI_KEY_END_OF_SCRIPT) {
		if (key == (unsigned char)marker[held]) {
			if (++held == sizeof(marker) - 1)
				break;
			continue;
		}
		snprintf(text, sizeof(text), "%.*s", (int)held, marker);
		edit_append(in.paste, sizeof(in.paste), text);
		held = key == marker[0];
		if (!held && key_text(key, text, true))
			edit_append(in.paste, sizeof(in.paste), text);
	}
	return UI_KEY_PASTE;
}

/* With keypad off, so that what looks like a key in the paste (ESC [ A)
 * stays text. */
static int
next_pasted_terminal_key(void)
{
	return read_key(PASTE_GAP_MS);
}

/* After an ESC while a probe waits: reads the rest of its answer and true;
 * or, when what follows is no answer, puts it back as it came and false. */
static bool
take_answer(void)
{
	int keys[16], n = 0, m = 0;

	while (n < (int)(sizeof(keys) / sizeof(keys[0])) && (keys[n] = read_key(ANSWER_GAP_MS)) != ERR)
		if ((m = ui_wire_match(keys, ++n)) != 0)
			break;
	if (m == 1) {
		ui_wire_answered();
		return true;
	}
	/* ncurses takes back the latest first. */
	while (n > 0)
		ui_key_unget(keys[--n]);
	return false;
}

/* A probe's answer that comes after the terminal is given back lands in
 * the shell, as ^[[24;1R on its command line: a probe sent just before
 * quitting (a stop signal while a draft is offered) is waited for, a
 * second at most, what else comes meanwhile dropped. A terminal hung up
 * ends the wait at once: each read fails without waiting. */
static void
drain_answer(void)
{
	int key, waited = 0;

	while (ui_wire_waiting() && waited < ANSWER_LAST_MS) {
		key = read_key(ANSWER_GAP_MS);
		if (key == ERR)
			waited += ANSWER_GAP_MS;
		else if (key == 27)
			take_answer();
	}
}

int
ui_key_next(int timeout_ms)
{
	int key, next;

	if (in.headless) {
		/* <Idle> is a wait with no key: the loop's background work runs.
		 * A wait without a timeout has no idle time to give. */
		while ((key = script_key()) == UI_KEY_IDLE && timeout_ms < 0)
			;
		if (key == UI_KEY_HANGUP)
			in.hung_up = true;
		if (key == UI_KEY_IDLE || key == UI_KEY_HANGUP)
			return ERR;
		return key == UI_KEY_PASTE_BEGIN ? collect_paste(script_key) : key;
	}
	key = read_key(timeout_ms);
	if (key == 27 && ui_wire_waiting() && take_answer())
		return ERR;
	/* ncurses gives an ESC that starts no key it knows alone, the next
	 * key already waiting: that is an Alt chord, not Esc. But a paste
	 * right behind an Esc is still a paste, whose text must not run as
	 * keys: that Esc is dropped. */
	if (key == 27 && (next = read_key(0)) != ERR) {
		/* A resize is no key the Esc could chord with: both count. */
		if (next == KEY_RESIZE) {
			ungetch(next);
			return key;
		}
		if (next != UI_KEY_PASTE_BEGIN)
			return UI_KEY_ALT | next;
		key = next;
	}
	if (key == UI_KEY_PASTE_BEGIN) {
		keypad(stdscr, FALSE);
		key = collect_paste(next_pasted_terminal_key);
		keypad(stdscr, TRUE);
	}
	return key;
}

bool
ui_key_is_alt(int key)
{
	/* The script's own codes (0x7fff....) carry the bit too. */
	return (key & UI_KEY_ALT) && (key & 0x7fff0000) != 0x7fff0000;
}

void
ui_key_unget(int key)
{
	if (in.headless)
		return;
	if (key & UI_KEY_WIDE)
		unget_wch((wchar_t)(key & ~UI_KEY_WIDE));
	else
		ungetch(key);
}

bool
ui_key_pending(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	if (in.headless)
		return false;
	return poll(&p, 1, 0) > 0;
}

bool
ui_edit_key(char *buf, size_t size, int key)
{
	size_t n = strlen(buf);
	char text[MB_LEN_MAX + 1];

	if (key == UI_KEY_PASTE) {
		edit_append(buf, size, in.paste);
		return true;
	}
	if (ui_key_is_alt(key))
		return false;
	if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		/* Back over a whole UTF-8 character. */
		while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0)
			buf[n - 1] = '\0';
		return true;
	}
	if (key == 21) { /* ^U clears, as in a shell */
		buf[0] = '\0';
		return true;
	}
	if (!key_text(key, text, false))
		return (key & UI_KEY_WIDE) != 0;
	edit_append(buf, size, text);
	return true;
}
void
ui_input_open(const char *script)
{
	memset(&in, 0, sizeof(in));
	in.headless = script != NULL;
	in.script = script;
}

void
ui_input_close(void)
{
	if (!in.headless)
		drain_answer();
}

bool
ui_input_hung_up(void)
{
	return in.hung_up;
}
