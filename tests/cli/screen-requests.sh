#!/bin/sh
# The Manage requests blade, headless: the list pending first, details, the
# URL copied, approve / decline / cancel with their forms and dialogs, the
# switch of user, and the reasons a disabled action gives; provisioning
# from the Associated tenants blade.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
demo
MO=b0000000-0000-4000-8000-00000000006e
status() { sql "SELECT status FROM billing_request WHERE name = '$1'"; }
# flat N TEXT: dump N holds TEXT, however the status line wrapped it.
flat() { tr -d '\n ' <"$T/dump.$1" | grep -qF -- "$(printf '%s' "$2" | tr -d ' ')" || fail "screen $1 lacks '$2': $(cat "$T/dump.$1")"; }

# The list: pending first, with the blade's keys on the status line.
screen 80x24 ": requests <Enter> <Dump>"
has 1 "Manage requests | Contoso | ada@contoso.com"
has 1 "Status ▲  Type"
[ "$(sed -n 3,5p "$T/dump.1" | grep -c '^Pending ')" = 3 ] || fail "pending first: $(cat "$T/dump.1")"
has 1 "A approve  D decline  C cancel  U act-as"

# Help at 80x24: the blade's own keys first, visible without scrolling,
# with the reason a key is disabled; G goes to the end, g back.
screen 80x24 ": requests <Enter> ? <Dump> G <Dump> g <Dump>"
has 1 "| A  *Approve the selected request (not the addressee"
has 1 "| U  *Act as another user, asked by email  *|"
lacks 1 "Quit billcon"
has 2 "| Q  *Quit billcon"
has 3 "| A  *Approve the selected request"

# Details: the scope, the object it approves, the URL; y copies the URL.
screen 80x24 ": requests <Enter> j <Enter> <Dump> <Esc> y <Dump>"
has 1 "Manage requests > Details"
has 1 "Approves"
has 1 "mo@fabrikam.com"
has 1 "Scope"
tr -d '\n ' <"$T/dump.1" | grep -q "BillingRequests/requestId/$MO" || fail "the URL is not on the details pane"
tr -d '\n ' <"$T/dump.2" | grep -q "requestId/$MO" || fail "y did not show the URL: $(cat "$T/dump.2")"
has 2 "request URL"

# Disabled, with the reason: ada is not the addressee; decided requests.
screen 80x24 ": requests <Enter> j A <Dump> j j j D <Dump>"
flat 1 "not the addressee (mo@fabrikam.com; U acts as another user)"
flat 2 "it is already Approved"
# Cancel is the requester's: ben's is not.
screen 80x24 ": requests <Enter> U ben@contoso.com <Enter> j C <Dump>"
has 1 "Manage requests | Contoso | ben@contoso.com"
flat 1 "not yours: ada@contoso.com made it"
[ "$(status $MO)" = Pending ] || fail "a disabled action changed the request"

# Switch user to the addressee, who has no role and no directory entry:
# only their request shows, and they approve it.
screen 80x24 ": requests <Enter> U mo@fabrikam.com <Enter> <Dump> A <Dump> \"looks right\" <Enter> <Dump> A <Dump>"
has 1 "Contoso | mo@fabrikam.com"
has 1 "Acting as mo@fabrikam.com now"
[ "$(grep -c 'RoleAssignment' "$T/dump.1")" = 1 ] || fail "mo should see only their request: $(cat "$T/dump.1")"
has 2 "Approve request"
has 2 "RoleAssignment for mo@fabrikam.com"
has 3 "Approved the RoleAssignment request for mo@fabrikam.com"
has 3 "^Approved "
has 4 "it is already Approved"
[ "$(status $MO)" = Approved ] || fail "not approved: $(status $MO)"
[ "$(sql "SELECT decision_reason FROM billing_request WHERE name = '$MO'")" = "looks right" ] || fail "the reason was not kept"
# The blade opened for the earlier actor shows mo none of its rows: a
# profile reader may not see the account's associated tenants.
screen 80x24 ": requests <Enter> U mo@fabrikam.com <Enter> : tenants <Enter> <Dump>"
has 1 "may not see this billing account"
lacks 1 "Fabrikam"
# Nor how many rows it holds.
screen 80x24 ": requests <Enter> U jo@gmail.com <Enter> : directory <Enter> <Dump>"
has 1 "^sorted by email"; lacks 1 "of 12"

# Decline needs a reason: the form says so and stays open.
NIA=b0000000-0000-4000-8000-00000000006f
screen 80x24 ": requests <Enter> U nia@tailspintoys.com <Enter> D <Enter> <Dump> \"not needed\" <Enter> <Dump>"
has 1 "Decline request"
has 1 "required"
has 2 "Declined the RoleAssignment request for nia@tailspintoys.com"
[ "$(status $NIA)" = Declined ] || fail "not declined"

# Cancel asks first: Enter alone keeps it; the button cancels it.
PROV=b0000000-0000-4000-8000-000000000002
screen 80x24 ": requests <Enter> C <Dump> <Enter> <Dump> C <Tab> <Enter> <Dump>"
has 1 "Cancel this request?"
has 1 "Addressee:  Global administrator of"
has 1 "$TAILSPIN"
has 2 "Nothing was cancelled."
has 3 "Cancelled the ProvisioningAccess request"
[ "$(status $PROV)" = Cancelled ] || fail "not cancelled"
# Its history: the creation and the cancellation.
screen 80x24 ": requests <Enter> /$PROV <Enter> h <Dump>"
has 1 "request.canc"
has 1 "request.crea"

# Provisioning: Tailspin's is no longer asked for; Fabrikam's is Active.
screen 80x24 "j j j j P <Dump> k k k P <Dump> \"Fabrikam M365\" <Enter> <Dump>"
has 1 "provisioning is Revoked, not Active"
has 2 "Provision a subscription"
has 2 "Fabrikam ($FABRIKAM)"
has 2 "\[ Provision \]  \[ Cancel \]"
has 3 "Provisioned Microsoft 365 subscription \"Fabrikam M365\""
[ "$(sql "SELECT count(*) FROM subscription WHERE display_name = 'Fabrikam M365'")" = 1 ] || fail "no subscription"
finish
