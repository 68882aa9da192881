#include "config.h"

#include <string.h>

#include "billcon/ui_action.h"

static const struct {
	const char *name, *keys, *help, *view;
} actions[UI_ACTION_COUNT] = {
	[UI_ACTION_NONE] = { NULL, "", "", NULL },
#define UI_ACTION_ROW(id, name, keys, help) [UI_ACTION_##id] = { name, keys, help, NULL },
	UI_ACTION_INFO(UI_ACTION_ROW)
#undef UI_ACTION_ROW
#define UI_VIEW_ACTION_ROW(id, name, view, keys, help) [UI_ACTION_##id] = { name, keys, help, view },
	UI_VIEW_ACTION_INFO(UI_VIEW_ACTION_ROW)
#undef UI_VIEW_ACTION_ROW
};

const char *
ui_action_view(enum ui_action a)
{
	return a > UI_ACTION_NONE && a < UI_ACTION_COUNT ? actions[a].view : NULL;
}

const char *
ui_action_name(enum ui_action a)
{
	return a > UI_ACTION_NONE && a < UI_ACTION_COUNT ? actions[a].name : NULL;
}

enum ui_action
ui_action_by_name(const char *name)
{
	int a;

	for (a = UI_ACTION_NONE + 1; a < UI_ACTION_COUNT; a++)
		if (strcmp(actions[a].name, name) == 0)
			return (enum ui_action)a;
	return UI_ACTION_NONE;
}

const char *
ui_action_default_keys(enum ui_action a)
{
	return a > UI_ACTION_NONE && a < UI_ACTION_COUNT ? actions[a].keys : "";
}

const char *
ui_action_help(enum ui_action a)
{
	return a > UI_ACTION_NONE && a < UI_ACTION_COUNT ? actions[a].help : "";
}
