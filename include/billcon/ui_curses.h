/* ui_curses: the one place that includes <curses.h>, so that every file of
 * ui/ sees the same declarations. The console reads keys with wget_wch and
 * dumps screens with mvinnwstr, which ncurses declares only for its wide
 * build (NCURSES_WIDECHAR); setting that here, rather than trusting the
 * compiler flags pkg-config gives, keeps a build with other flags from
 * quietly losing them. Nothing outside src/ui/ (and its unit tests) may
 * include this header: the other layers know no curses. */
#ifndef BILLCON_UI_CURSES_H
#define BILLCON_UI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <curses.h>

#endif
