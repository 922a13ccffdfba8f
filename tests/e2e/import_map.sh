#!/bin/sh
# import_map.sh - issue 20, part 8: import from other systems' exports.
#  - the shipped example exports import through their shipped maps
#    (contrib/import-maps): Mosaic-style (Windows-1252, DD/MM/YYYY, CRLF)
#    and LCS-style (UTF-8 with a BOM); the children show with their
#    names (Zoë Brontë, Chloé Åberg) and dates as written, their plans
#    and care from the right days, how their families get reports as
#    the map translates it; each is on the record (child.add); the LCS
#    children's meetings (lcs-meetings.yaml) with their types and formats
#    translated;
#  - cpdesk's own columns in Windows-1252 with DD/MM/YYYY dates, by
#    --encoding and --date-format alone;
#  - errors, nothing written: a heading the map does not name
#    (FILE:1:COL), a bad date (FILE:LINE:COL and the format), a byte not
#    in the encoding (FILE:LINE:COL), an encoding iconv does not know, a
#    field every row needs that no column gives, a value the map does
#    not translate, a bad map (MAP:LINE:COL), a UTF-8 file (with its
#    byte-order mark) read as windows-1252 by --encoding over the map, a
#    heading twice, a column without one: all exit 2;
#  - check-store passes.
TODAY=2027-04-20
. "$TOP/tests/e2e/lib_cli.sh"
MAPS=contrib/import-maps
EX=$MAPS/examples

# A bad import: exit 2, stderr has WANT, and no child was added.
bad() { # NAME WANT ARGS...
	n=$1 want=$2; shift 2
	before=$("$CPDESK" --db "$DB" child list 2>/dev/null | wc -l)
	run "$n" "$@"
	[ "$rc" = 2 ] || { echo "FAIL $n: exit $rc, want 2"; fail=1; }
	grep -qF -- "$want" "$WORK/$n.err" ||
	    { echo "FAIL $n: stderr lacks '$want':"; cat "$WORK/$n.err"; fail=1; }
	after=$("$CPDESK" --db "$DB" child list 2>/dev/null | wc -l)
	[ "$before" = "$after" ] ||
	    { echo "FAIL $n: the children changed ($before to $after lines)"; fail=1; }
}

ok init init --policy policies/generic.yaml
ok w1 worker add asmith --name "Alex Smith" --role social-worker
ok w2 worker add bjones --name "Ben Jones" --role social-worker

# ---- the shipped examples ---------------------------------------------------
check "the Mosaic example is Windows-1252" \
    sh -c "! iconv -f UTF-8 -t UTF-8 '$EX/mosaic-children.csv' >/dev/null 2>&1"
ok mosaic import --map $MAPS/mosaic.yaml $EX/mosaic-children.csv
check "mosaic: 3 children" grep -qF "0 workers, 3 children" "$WORK/mosaic.err"
ok lcs import --map $MAPS/lcs.yaml $EX/lcs-children.csv
check "lcs: 2 children" grep -qF "0 workers, 2 children" "$WORK/lcs.err"

ok list child list
has list "Zoë Brontë"
has list "Seán O'Neill"
has list "Amélie Dupont-Laurent"
has list "Chloé Åberg"
has list "Dáithí Ó Briain"
lacks list "Zo�"
ok zoe child show 100234
has zoe "Child 100234: Zoë Brontë"
has zoe "Date of birth:     2016-03-05"
has zoe "Social worker:     asmith"
has zoe "Child in need:     2027-01-14"
has zoe "CP plan since:     2027-02-03"
has zoe "Reports to family: secure-email"
ok amelie child show 101005     # 1/9/2019: one-digit day and month
has amelie "Date of birth:     2019-09-01"
has amelie "Social worker:     bjones"
ok sean child show 100871
has sean "Looked after since: 2026-12-17"
has sean "Reports to family: post"
ok chloe child show LCS-40112
has chloe "Child LCS-40112: Chloé Åberg"
has chloe "Date of birth:     2015-07-12"
has chloe "Looked after since: 2027-01-04"
has chloe "Reports to family: post"
ok daithi child show LCS-40187
has daithi "CP plan since:     2027-02-22"
has daithi "Reports to family: secure-email"
# their meetings, their types and formats as the map translates them
ok lcs-meetings import --map $MAPS/lcs-meetings.yaml $EX/lcs-meetings.csv
check "lcs-meetings: 2 meetings" grep -qF "0 children, 2 meetings" "$WORK/lcs-meetings.err"
ok daithi-m child show LCS-40187
has daithi-m "2027-05-17 10:00 rcpc"
ok chloe-m child show LCS-40112
has chloe-m "2027-04-01 14:30 cla-review"
id=$(awk '/cla-review/ { print $1; exit }' "$WORK/chloe-m.out")
ok cla meeting show "$id"
has cla "Held by:            in-person"
ok audit audit --tsv
for id in 100234 100871 101005 LCS-40112 LCS-40187; do
	check "child.add $id on the record" \
	    awk -F"$T" -v id="child:$id" '$4 == "child.add" && $5 == id { f = 1 }
	        END { exit !f }' "$WORK/audit.out"
done

# ---- cpdesk's own columns, Windows-1252 and DD/MM/YYYY ----------------------
printf 'id,name,social_worker,dob,cp_since\r\nW1,Zo\353 Wynn,asmith,07/06/2018,02/03/2027\r\n' \
    >"$WORK/own.csv"
bad own-utf8 "own.csv:2:6: byte 0xEB is not a character in UTF-8" \
    import --encoding UTF-8 --date-format DD/MM/YYYY "$WORK/own.csv"
bad own-iso "own.csv:2:20: dob: " \
    import --encoding windows-1252 "$WORK/own.csv"
ok own import --encoding windows-1252 --date-format DD/MM/YYYY "$WORK/own.csv"
ok wynn child show W1
has wynn "Child W1: Zoë Wynn"
has wynn "Date of birth:     2018-06-07"
has wynn "CP plan since:     2027-03-02"

# ---- errors: nothing written ------------------------------------------------
m=$MAPS/mosaic.yaml
hdr='Person ID,Forename,Surname,Date of Birth,Allocated Worker Username'
printf '%s,Shoe Size\r\nX1,A,B,01/02/2019,asmith,3\r\n' "$hdr" >"$WORK/shoe.csv"
bad unknown-heading "shoe.csv:1:68: column 'Shoe Size' is not in the map mosaic-children" \
    import --map $m "$WORK/shoe.csv"
printf '%s\r\nX1,A,B,01/02/2019,asmith\r\nX2,C,D,31/02/2019,asmith\r\n' "$hdr" \
    >"$WORK/date.csv"
bad bad-date "date.csv:3:8: dob '31/02/2019' is not a date written DD/MM/YYYY" \
    import --map $m "$WORK/date.csv"
check "bad-date: nothing imported" \
    grep -qF "1 bad row in $WORK/date.csv; nothing was imported" "$WORK/bad-date.err"
printf '%s\r\nX1,A,B,01/02/2019,asmith\r\nX2,\201C,D,01/02/2019,asmith\r\n' "$hdr" \
    >"$WORK/byte.csv"
bad bad-byte "byte.csv:3:4: byte 0x81 is not a character in windows-1252" \
    import --map $m "$WORK/byte.csv"
bad bad-encoding "encoding 'klingon': not one iconv knows" \
    import --map $m --encoding klingon $EX/mosaic-children.csv
run bad-format import --date-format 31/12/99 $EX/mosaic-children.csv
expect bad-format 2 "31/12/99"
printf 'Person ID,Forename,Date of Birth\r\nX1,A,01/02/2019\r\n' >"$WORK/nosw.csv"
bad no-worker "nosw.csv:1: no column gives social_worker, which every child row needs" \
    import --map $m "$WORK/nosw.csv"
printf '%s,Reports to Family\r\nX1,A,B,01/02/2019,asmith,Pigeon\r\n' "$hdr" \
    >"$WORK/value.csv"
bad no-value "value.csv:2:26: family_reports 'Pigeon' is not among the map's values" \
    import --map $m "$WORK/value.csv"
sed 's/Looked After Child Review/CLA Review/' $EX/lcs-meetings.csv >"$WORK/type.csv"
# (column 30: é and Å count one each)
bad no-type "type.csv:3:30: type 'CLA Review' is not among the map's values for type" \
    import --map $MAPS/lcs-meetings.yaml "$WORK/type.csv"
sed 's/"Gender": ignore/"Gender": gender/' $m >"$WORK/badmap.yaml"
line=$(grep -n '"Gender": gender' "$WORK/badmap.yaml" | cut -d: -f1)
bad bad-map "badmap.yaml:$line:13: 'gender' is not a cpdesk field or ignore" \
    import --map "$WORK/badmap.yaml" $EX/mosaic-children.csv
bad bom-as-1252 "lcs-children.csv:1:1: the file starts with a UTF-8 byte-order mark, but is read as windows-1252" \
    import --map $MAPS/lcs.yaml --encoding windows-1252 $EX/lcs-children.csv
printf '%s,Surname\r\nX1,A,B,01/02/2019,asmith,C\r\n' "$hdr" >"$WORK/twice.csv"
bad heading-twice "twice.csv:1:68: the heading 'Surname' appears twice" \
    import --map $m "$WORK/twice.csv"
printf '%s,\r\nX1,A,B,01/02/2019,asmith,\r\n' "$hdr" >"$WORK/blank.csv"
bad no-heading "blank.csv:1:68: column 6 has no heading" \
    import --map $m "$WORK/blank.csv"
run no-map import --map "$WORK/none.yaml" $EX/mosaic-children.csv
expect no-map 2 "cannot open"

ok check check-store
exit $fail
