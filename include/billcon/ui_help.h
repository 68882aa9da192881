/* ui_help: the help overlay of `?`: every action with its keys in the view
 * on top, this view's own first, those not possible here dimmed with why. */
#ifndef BILLCON_UI_HELP_H
#define BILLCON_UI_HELP_H

struct ui_console;

/* Shows the overlay until a key other than the scrolling ones (j/k, the
 * paging keys, g, G) closes it. */
void ui_help_show(struct ui_console *c);

#endif
