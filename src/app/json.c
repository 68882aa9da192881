/* app_json: text as JSON strings (app_json.h). */
#include "config.h"

#include <stdlib.h>

#include "billcon/app_json.h"
#include "billcon/core_text.h"

json_t *
app_json_text(const char *s)
{
	size_t n = core_text_utf8(s, NULL, 0);
	char *buf = malloc(n + 1);
	json_t *j;

	if (!buf)
		return json_null();
	core_text_utf8(s, buf, n + 1);
	j = json_stringn(buf, n);
	free(buf);
	return j ? j : json_null();
}
