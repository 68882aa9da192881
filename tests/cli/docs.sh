#!/bin/sh
# The docs cannot drift from the one list of actions: the man page's key
# table is what `billcon keys --man` prints, and the README lists every key.
. "$TESTS_SRCDIR/lib.sh"
top=$(dirname "$TESTS_SRCDIR")
billcon keys --man >"$T/want"
sed -n '/^\.\\" keys: begin/,/^\.\\" keys: end/p' "$top/doc/billcon.1" | sed '1d;$d' >"$T/have"
diff -u "$T/want" "$T/have" >"$T/diff" || fail "doc/billcon.1's key table differs from billcon keys --man: $(cat "$T/diff")"
billcon keys >"$T/keys"
while read -r line; do
	grep -qF -- "$line" "$top/README" || fail "README lacks the key line: $line"
done <"$T/keys"
[ "$(wc -l <"$T/keys")" -ge 20 ] || fail "billcon keys lists too few keys"
# Every command of --help is in the man page.
for cmd in "tenants list" "tenants add" "tenants set" "tenants remove" "tenants import" \
	"roles definitions" "roles list" "roles assign" "roles remove" \
	"tenants provision" "requests list" "requests show" "requests url" "requests approve" \
	"requests decline" "requests cancel" "directory users list" "directory users add" \
	"directory users set" "directory tenants list" "directory tenants set" \
	"guests list" "guests invite" "guests accept" \
	"audit verify" "audit head" "demo init" info keys "stack onboarding"; do
	grep -q "$(echo "$cmd" | sed 's/ /.*/')" "$top/doc/billcon.1" || fail "man page lacks $cmd"
done
# Every blade's palette name is in the man page.
for blade in tenants iam requests directory domains audit partner stack; do
	grep -q "fB:$blade\\\\fR" "$top/doc/billcon.1" || fail "man page lacks :$blade"
done
finish
