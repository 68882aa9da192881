#include "config.h"

#include "billcon/ui_curses.h"
#include "billcon/ui_version.h"

const char *
ui_curses_version(void)
{
	return curses_version();
}
