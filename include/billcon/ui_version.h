/* ui_version: what the screen layer is built on, for `billcon info`. */
#ifndef BILLCON_UI_VERSION_H
#define BILLCON_UI_VERSION_H

/* The ncurses library's version string. */
const char *ui_curses_version(void);

#endif
