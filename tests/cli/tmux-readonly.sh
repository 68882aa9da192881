#!/bin/sh
# The console read-only (read_only = on) in tmux at 80x24: on the key line
# of every blade the keys that change are drawn dim and the others are not;
# pressing one says why on the status line; the store file is unchanged.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmuxlib.sh"
demo
expect 0 tenants set "$FABRIKAM" --name "Fabrikam"
sum=$(store_sum)
read_only_profile

# keyline NAME DIM OTHER: on the last line of session NAME, each hint of
# DIM (names separated by |) is drawn dim, and each of OTHER is not.
keyline() {
	tm capture-pane -t "$1" -e -p | tail -1 >"$T/keyline"
	python3 - "$T/keyline" "$2" "$3" <<'PY' || fail "$1: the key line is not dimmed as it should be: $(cat -v "$T/keyline")"
import re, sys
line = open(sys.argv[1], encoding="utf-8").read()
dim, text = False, ""
state = []  # whether each character of text is drawn dim
for part in re.split(r"(\x1b\[[0-9;]*m)", line):
    if part.startswith("\x1b["):
        codes = part[2:-1].split(";") if part[2:-1] else ["0"]
        for c in codes:
            if c in ("0", "22"):
                dim = False
            elif c == "2":
                dim = True
    else:
        text += part
        state += [dim] * len(part)
bad = []
for want, names in ((True, sys.argv[2]), (False, sys.argv[3])):
    for name in filter(None, names.split("|")):
        at = text.find(name)
        if at < 0 or any(s != want for s in state[at:at + len(name)]):
            bad.append(name)
if bad:
    print("wrong:", bad, file=sys.stderr)
    sys.exit(1)
PY
}

session ro "BILLCON_NOW=$BILLCON_NOW TERM=screen" || finish
wait_in ro "READ-ONLY"
keyline ro "a add|e edit|d remove" "Enter open|y copy|h history|/ filter|? help"
keys_to ro a && wait_in ro "so it cannot add an associated"
wait_in ro "read_only = on in"

keys_to ro ":" && keys_to ro -l "iam" && keys_to ro Enter
wait_in ro "Access control (IAM) | Contoso"
keyline ro "a add|d remove" "Enter open|@ scope|h history"
keys_to ro d && wait_in ro "so it cannot remove a role"

keys_to ro ":" && keys_to ro -l "requests" && keys_to ro Enter
wait_in ro "Manage requests | Contoso"
keyline ro "A approve|D decline|C cancel" "U act-as|Enter open|y copy"
keys_to ro A && wait_in ro "so it cannot approve a"

keys_to ro ":" && keys_to ro -l "directory" && keys_to ro Enter
wait_in ro "Directory | Contoso"
keyline ro "a add|e edit|i invite|A accept" "Enter open|h history"

keys_to ro ":" && keys_to ro -l "domains" && keys_to ro Enter
wait_in ro "Directory tenants | Contoso"
keyline ro "e edit" "Enter open|y copy|h history"
keys_to ro e && wait_in ro "so it cannot change a tenant of"

keys_to ro Q && wait_in ro "billcon-exited:0"
[ "$(store_sum)" = "$sum" ] || fail "the read-only console changed the store file"
finish
