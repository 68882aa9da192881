/* ui_curses: the one place that includes curses; only src/ui/ includes it. */
#ifndef BILLCON_UI_CURSES_H
#define BILLCON_UI_CURSES_H

#include <curses.h>

#endif
