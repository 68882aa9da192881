#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "billcon/core_status.h"

enum core_status
core_error_set(struct core_error *err, enum core_status status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return status;
}

void
core_error_clear(struct core_error *err)
{
	if (!err)
		return;
	err->status = CORE_OK;
	err->message[0] = '\0';
}

int
core_status_exit_code(enum core_status status)
{
	switch (status) {
#define CORE_STATUS_CODE(id, code, name) case CORE_##id: return code;
	CORE_STATUS_INFO(CORE_STATUS_CODE)
#undef CORE_STATUS_CODE
	}
	return 1;
}

const char *
core_status_name(enum core_status status)
{
	switch (status) {
#define CORE_STATUS_NAME(id, code, name) case CORE_##id: return name;
	CORE_STATUS_INFO(CORE_STATUS_NAME)
#undef CORE_STATUS_NAME
	}
	return "unknown";
}
