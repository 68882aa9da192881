/* libFuzzer target: making text safe for a terminal (core_text_next), its
 * width and its wrapping (core_text_width, core_text_wrap). */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_text.h"
#include "fuzz_util.h"

#define WRAP_MAX 64

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* billcon runs in the user's locale; UTF-8 is the one with most to get
	 * wrong (multibyte, wide and zero-width characters). */
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

/* Every character, NULs included, is shown as something safe and short;
 * returns the columns of the whole. */
static int
check_chars(const char *s, size_t n)
{
	struct core_text_char c;
	int cols = 0;

	while (n > 0) {
		core_text_next(s, n, &c);
		FUZZ_CHECK(c.len >= 1 && c.len <= n);
		FUZZ_CHECK(c.width >= 0 && c.width <= 10); /* "<U+10FFFF>" at most */
		FUZZ_CHECK(strlen(c.shown) < sizeof(c.shown));
		FUZZ_CHECK(strpbrk(c.shown, "\x1b\r\n\t\a\b") == NULL);
		cols += c.width;
		s += c.len;
		n -= c.len;
	}
	return cols;
}

/* The lines are the text, in order, less the spaces at the breaks. */
static void
check_wrap(const char *text, int width)
{
	static char lines[WRAP_MAX][256];
	int n = core_text_wrap(text, width, lines, WRAP_MAX), i;
	const char *p = text;

	FUZZ_CHECK(n >= 0 && n <= WRAP_MAX);
	for (i = 0; i < n; i++) {
		size_t len = strlen(lines[i]);
		FUZZ_CHECK(len > 0 && strncmp(p, lines[i], len) == 0);
		p += len;
		while (*p == ' ')
			p++;
	}
	FUZZ_CHECK(n == WRAP_MAX || *p == '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	int width;

	if (size == 0)
		return 0;
	check_chars((const char *)data + 1, size - 1);
	text = fuzz_text(data + 1, size - 1);
	FUZZ_CHECK(core_text_width(text) == check_chars(text, strlen(text)));
	/* The first byte picks the width: 0 to 127 columns, 0 included. */
	width = data[0] & 0x7f;
	check_wrap(text, width);
	free(text);
	return 0;
}
