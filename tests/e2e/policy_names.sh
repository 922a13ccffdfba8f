#!/bin/sh
# policy_names.sh - issue 20 part 9: a bare name (swindon) finds the
# installed policy NAME.yaml (here the source tree's policies/, beside the
# program's build/); a path (with a '/' or ending .yaml) stays a path; an
# unknown name is exit 2 listing the installed names.  The privileged
# (setgid) run, which looks only in the installed place, is privilege.sh's.
TODAY=2025-03-10
. "$TOP/tests/e2e/lib_cli.sh"
P="$(cd "$TOP/policies" && pwd -P)"

ok check_name policy check swindon hounslow
has check_name "$P/swindon.yaml: ok: policy swindon "
has check_name "$P/hounslow.yaml: ok: policy hounslow "
ok check_path policy check policies/generic.yaml
has check_path "policies/generic.yaml: ok: policy generic "
run check_unknown policy check swindn
expect check_unknown 2 "no installed policy is called 'swindn' (installed in $P: generic, hounslow, swindon)"
run check_odd policy check 'sw/../x'
expect check_odd 2 "sw/../x"
# ".yaml" makes it a path, looked for where it is said to be, never by name
(cd "$WORK" && "$CPDESK" policy check swindon.yaml >"$WORK/rel.out" 2>"$WORK/rel.err")
check "swindon.yaml is a path (none in \$WORK)" grep -q "swindon.yaml" "$WORK/rel.err"

# the same timeline by name as by file
ok tl_name timeline --policy hounslow icpc 2027-05-12 --tsv
ok tl_file timeline --policy policies/hounslow.yaml icpc 2027-05-12 --tsv
check "timeline: the name gives the file's deadlines" cmp -s "$WORK/tl_name.out" "$WORK/tl_file.out"
ok wd workdays --policy swindon 2027-12-24 1
has wd 2027-12-29
run wd_bad workdays --policy nope 2027-12-24 1
expect wd_bad 2 "no installed policy is called 'nope'"

# a store made, diffed and switched by name
ok init init --policy generic
check "init: says the file" grep -qF "with the policy $P/generic.yaml" "$WORK/init.err"
ok worker --as root worker add qa1 --name "Quin Admin" --role qa-admin,qa-manager
run init_bad --db "$WORK/other" init --policy swindn
expect init_bad 2 "give one of those names"
ok diff --as qa1 policy diff swindon
ok use --as qa1 policy use swindon --reason "the borough's own"
ok show --as qa1 policy show
has show "policy:  swindon"
has show "$P/swindon.yaml"
exit $fail
