/* ui_action: the one list of the console's actions. It generates the action
 * enum, the default key bindings, the `?` help overlay and the key table of
 * the man page (`billcon keys --man`), so they cannot drift apart. */
#ifndef BILLCON_UI_ACTION_H
#define BILLCON_UI_ACTION_H

/* id, name (for the keys file), default keys (space-separated key names, see
 * ui_keys.h), help text. */
#define UI_ACTION_INFO(_) \
	_(DOWN,      "down",      "<Down> j",       "Move down one row") \
	_(UP,        "up",        "<Up> k",         "Move up one row") \
	_(PAGE_DOWN, "page-down", "<PgDn> ^F",      "Move down one page") \
	_(PAGE_UP,   "page-up",   "<PgUp> ^B",      "Move up one page") \
	_(FIRST,     "first",     "g <Home>",       "Go to the first row") \
	_(LAST,      "last",      "G <End>",        "Go to the last row") \
	_(OPEN,      "open",      "<Enter>",        "Open the selected row, or confirm a form") \
	_(BACK,      "back",      "<Esc> q",        "Close the dialog, form or view; clear the filter") \
	_(NEXT,      "next",      "<Tab>",          "Next field, button or pane") \
	_(PREV,      "prev",      "<BTab>",         "Previous field, button or pane") \
	_(FILTER,    "filter",    "/",              "Filter the rows as you type") \
	_(PALETTE,   "palette",   ":",              "Go to a blade by name, e.g. :tenants; :account switches the account") \
	_(HELP,      "help",      "?",              "Show the keys that work here") \
	_(ADD,       "add",       "a",              "Add an item") \
	_(EDIT,      "edit",      "e",              "Edit the selected item") \
	_(REMOVE,    "remove",    "d",              "Remove the selected item, after confirmation") \
	_(COPY,      "copy",      "y",              "Copy the selected ID or URL to the clipboard and show it") \
	_(HISTORY,   "history",   "h",              "Show the selected object's history (audit trail)") \
	_(SORT,      "sort",      "s",              "Sort by the next column") \
	_(REVERSE,   "reverse",   "S",              "Reverse the sort order") \
	_(RELOAD,    "reload",    "r ^L",           "Reload from the store and redraw") \
	_(SYNC,      "sync",      "f",              "Sync with the service in the background: pull, then push; Esc cancels") \
	_(LOW_BANDWIDTH, "low-bandwidth", "l",      "Draw less for a slow link (a > marks the row), or draw fully again") \
	_(QUIT,      "quit",      "Q",              "Quit billcon")

/* Actions of one view only: id, name, the view (its ui_view_ops name) whose
 * key map alone binds them, default keys, help text. Their keys may not be
 * a generic action's (see above): a view key never hides a generic one. */
#define UI_VIEW_ACTION_INFO(_) \
	_(APPROVE,     "approve",     "requests", "A", "Approve the selected request (Manage requests)") \
	_(DECLINE,     "decline",     "requests", "D", "Decline the selected request, giving a reason (Manage requests)") \
	_(CANCEL_REQUEST, "cancel",    "requests", "C", "Cancel the selected request you made (Manage requests)") \
	_(SWITCH_USER, "act-as",      "requests", "U", "Act as another user, asked by email (Manage requests)") \
	_(PROVISION,   "provision",   "tenants",  "P", "Provision a Microsoft 365 subscription into the tenant (Associated tenants)") \
	_(SCOPE,       "scope",       "iam",      "@", "Choose the scope: billing account, profile or section (Access control)") \
	_(INVITE,      "invite",      "directory", "i", "Invite a B2B guest into the primary tenant (Directory)") \
	_(ACCEPT,      "accept",      "directory", "A", "Accept your own guest invitation (Directory)") \
	_(ACCOUNTS,    "accounts",    "audit",    "A", "Show all billing accounts' entries, or the one in scope (Audit trail)") \
	_(JUMP,        "date",        "audit",    "t", "Jump to a date: the newest entry at or before it (Audit trail)") \
	_(VERIFY,      "verify",      "audit",    "V", "Verify every entry's hash and the tree's; Esc stops (Audit trail)") \
	_(STEP_NEXT,   "step-next",   "wizard",   "n", "Go on to the next step; on the last, Finish (Wizard)") \
	_(STEP_BACK,   "step-back",   "wizard",   "b", "Go back one step; on the first, close and keep the draft (Wizard)") \
	_(DISCARD,     "discard",     "wizard",   "c", "Cancel the wizard and discard its draft, after confirmation (Wizard)") \
	_(EXPAND,      "expand",      "wizard",   "p <Right>", "Show or hide what the selected choice holds: an account's profiles (Wizard)") \
	_(DETAILS,     "details",     "wizard",   "i", "Show the selected choice's details (Wizard)") \
	_(TICK,        "tick",        "wizard",   "x", "Tick or untick the selected step of a checklist; Space does too (Wizard)") \
	_(LINK,        "link",        "partner",  "L", "Start the link wizard: link a billing account and profile (Billing profile)") \
	_(CHANGE_ACCOUNT, "change-account", "partner", "B", "Change the linked billing account (Billing profile)") \
	_(CHANGE_PROFILE, "change-profile", "partner", "P", "Change the linked billing profile (Billing profile)") \
	_(PURCHASE,    "purchase",    "partner",  "M", "Buy a Partner Center membership: needs a linked billing profile (Billing profile)") \
	_(ONBOARD,     "onboard",     "stack",    "o", "Open the onboarding checklist of a customer's tenant, starting it when new (Azure Stack)") \
	_(TREE_OPEN,   "tree-open",   "hierarchy", "<Right> +", "Open the selected node: show what it holds (Billing hierarchy)") \
	_(TREE_CLOSE,  "tree-close",  "hierarchy", "<Left> -", "Close the selected node, or go up to its parent (Billing hierarchy)") \
	_(MOVE_SUB,    "move",        "hierarchy", "m", "Move the selected subscription to another invoice section (Billing hierarchy)") \
	_(LINK_SUB,    "link-subscription", "hierarchy", "L", "Link a subscription from another tenant: only billing changes (Billing hierarchy)") \
	_(RESOLVE,     "resolve",     "sync",     "R", "Resolve the selected conflict: keep your change or take the service's version (Sync)")

enum ui_action {
	UI_ACTION_NONE = 0,
#define UI_ACTION_ENUM(id, name, keys, help) UI_ACTION_##id,
	UI_ACTION_INFO(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
#define UI_VIEW_ACTION_ENUM(id, name, view, keys, help) UI_ACTION_##id,
	UI_VIEW_ACTION_INFO(UI_VIEW_ACTION_ENUM)
#undef UI_VIEW_ACTION_ENUM
	UI_ACTION_COUNT
};

/* The action's name ("page-down"), NULL for UI_ACTION_NONE. */
const char *ui_action_name(enum ui_action a);

/* The action named name, UI_ACTION_NONE when none is. */
enum ui_action ui_action_by_name(const char *name);

/* The view whose key map alone binds a ("requests"), NULL for a generic
 * action. */
const char *ui_action_view(enum ui_action a);

/* The default keys ("<PgDn> ^F") and the help text of a. */
const char *ui_action_default_keys(enum ui_action a);
const char *ui_action_help(enum ui_action a);

#endif
