/* ui_clip: copying with OSC 52, the terminal's clipboard escape, which also
 * works over SSH; and, inside tmux, through tmux itself, as tmux 3.3 by
 * default ignores an application's OSC 52 (set-clipboard external) and
 * drops the passthrough wrapper (allow-passthrough off). */
#ifndef BILLCON_UI_CLIP_H
#define BILLCON_UI_CLIP_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"

/* The largest encoded (base64) payload sent: terminals and tmux drop longer
 * ones. */
#define UI_OSC52_MAX 74994

/* Where the sequence must be wrapped to reach the outer terminal. */
enum ui_clip_wrap {
	UI_CLIP_PLAIN,  /* ESC ] 52 ; c ; <base64> BEL */
	UI_CLIP_TMUX,   /* ESC P tmux; <sequence with each ESC doubled> ESC \ */
	UI_CLIP_SCREEN, /* ESC P <sequence> ESC \ */
};

/* The wrapping the environment calls for: TMUX set → tmux; STY set or TERM
 * starting with "screen" (and no TMUX) → screen; else plain. */
enum ui_clip_wrap ui_clip_wrap_from_env(void);

/* Standard base64 (RFC 4648, with padding) of the n bytes at data; the
 * caller frees. *out_len receives its length. NULL when out of memory. */
char *ui_base64(const void *data, size_t n, size_t *out_len);

/* The whole OSC 52 sequence that puts text on the clipboard, wrapped as
 * wrap says; the caller frees, *len receives its length. Refused (NULL,
 * CORE_REFUSED, a sentence in err) when the base64 payload would be over
 * UI_OSC52_MAX bytes. */
char *ui_osc52_sequence(const char *text, enum ui_clip_wrap wrap, size_t *len,
			struct core_error *err);

/* Hands text to "tmux load-buffer -w -" (tmux 3.2 or later): a tmux
 * buffer, which tmux also sends on to the outer terminal's clipboard with
 * its own OSC 52. No shell; tmux's output goes to /dev/null, not the
 * screen. Waits a second at most (then kills it). False when tmux could
 * not be run or failed (an older tmux, no server): use OSC 52 then. */
bool ui_clip_tmux_load(const char *text);

#endif
