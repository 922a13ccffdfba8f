#!/bin/sh
# timeliness.sh - cpdesk report timeliness on a store made with the
# commands: two ICPCs held in April 2027, one within 15 working days of
# its s47 start and one 4 working days late (Good Friday and Easter
# Monday fall in its 15 days); the three formats, the pictures (a valid
# PDF of 11 pages, a PNG, an SVG), the refusals and bad input, a team
# manager's figures (their team only), and the child named on the record.
TODAY=2027-05-10
. "$TOP/tests/e2e/lib_cli.sh"

ok init init --policy policies/generic.yaml
ok w1 worker add sm1 --name "Sam Service" --role service-manager --team North
ok w2 worker add tm1 --name "Tia North" --role team-manager --team North --manager sm1
ok w3 worker add tm2 --name "Ted South" --role team-manager --team South --manager sm1
ok w4 worker add sw1 --name "Sue North" --role social-worker --team North --manager tm1
ok w5 worker add sw2 --name "Sid South" --role social-worker --team South --manager tm2
ok w6 worker add chair1 --name "Cat Chair" --role cp-chair
ok w7 worker add mt1 --name "Mo Minutes" --role minute-taker
ok c1 child add C1 --name "Ada Brown" --social-worker sw1
# a name a spreadsheet would run: inert in the CSV
ok c2 child add C2 --name "=SUM(A1)" --social-worker sw2
# s47 22 March + 15 WD (26 and 29 March bank holidays) = 14 April;
# booked on 1 April, held, recorded on 10 May
TODAY=2027-04-01
ok m1 meeting add C1 icpc 2027-04-12 --time 10:00 --chair chair1 \
    --minute-taker mt1 --anchor s47-start=2027-03-22
M1=$(cat "$WORK/m1.out")
ok m2 meeting add C2 icpc 2027-04-20 --time 10:00 --chair chair1 \
    --minute-taker mt1 --anchor s47-start=2027-03-22
M2=$(cat "$WORK/m2.out")
TODAY=2027-05-10
ok o1 meeting outcome "$M1" --decision "Plan" --plan C1=cp-plan:neglect --no-next
ok o2 meeting outcome "$M2" --decision "Plan" --plan C2=cp-plan:neglect --no-next

# ---- text --------------------------------------------------------------
ok text report timeliness --from 2027-03-01 --to 2027-05-31
has text "Timeliness 2027-03-01 to 2027-05-31, every team you see (as of 2027-05-10)"
has text "ICPC within 15 WD of s47 start (census)     2        1   50.0%"
has text "ICPC within 15 WD of strategy discussion    0        0                0         2"
has text "  2027-04      2        1    50.0%"
has text "icpc-s47       C2 =SUM(A1)"
has text "2027-04-14  2027-04-20    4"

# ---- CSV: one table, CRLF, formula-like cells inert ---------------------
ok csv report timeliness --from 2027-03-01 --to 2027-05-31 --format csv
has csv "section,measure,month,due,on_time,percent,change,not_yet,left_out,child,name"
has csv "total,icpc-s47,,2,1,50.0,,0,0"
has csv "month,icpc-s47,2027-04,2,1,50.0,,0,0"
has csv "late,icpc-s47,,,,,,,,C2,\"'=SUM(A1)\",$M2,icpc,2027-04-20,2027-04-14,2027-04-20,4,"
check "csv lines end CRLF" grep -q "$(printf '\r')\$" "$WORK/csv.out"

# ---- JSON --------------------------------------------------------------
ok json report timeliness --from 2027-03-01 --to 2027-05-31 --format json
has json '"id": "icpc-s47", "title": "ICPC within 15 WD of s47 start (census)", "due": 2, "on_time": 1, "percent": 50.0'
has json '"measure": "icpc-s47", "child": "C2", "name": "=SUM(A1)"'
has json '"working_days_late": 4'
if command -v python3 >/dev/null 2>&1; then
	check "json parses" python3 -c 'import json,sys; json.load(sys.stdin)' \
	    <"$WORK/json.out"
fi

# ---- who may read the figures, and for which team ------------------------
ok tm1 --as tm1 report timeliness --from 2027-03-01 --to 2027-05-31 --format csv
has tm1 "total,icpc-s47,,1,1,100.0,,0,0"
lacks tm1 "C2"
ok north --as sm1 report timeliness --from 2027-03-01 --to 2027-05-31 --team North --format csv
has north "total,icpc-s47,,1,1,100.0,,0,0"
run south --as tm1 report timeliness --from 2027-03-01 --to 2027-05-31 --team South
expect south 1 "team 'South' is not yours to see"
run nowhere report timeliness --from 2027-03-01 --to 2027-05-31 --team Nowhere
expect nowhere 2 "no worker is in team 'Nowhere'"
run sw --as sw1 report timeliness --from 2027-03-01 --to 2027-05-31
expect sw 1 "reading the timeliness figures needs the role team-manager"
run chair --as chair1 report timeliness --from 2027-03-01 --to 2027-05-31
expect chair 1 "you (chair1) hold cp-chair"

# ---- bad input -----------------------------------------------------------
run baddate report timeliness --from 2027-02-30 --to 2027-05-31
expect baddate 2 "2027-02-30"
run backwards report timeliness --from 2027-05-31 --to 2027-03-01
expect backwards 2 "--to 2027-03-01 is before --from 2027-05-31"
run nofrom report timeliness --to 2027-05-31
expect nofrom 2 "--from"
run toolong report timeliness --from 2020-01-01 --to 2027-05-31
expect toolong 2 "more than 60 months"

# ---- the pictures --------------------------------------------------------
run pics report timeliness --from 2027-03-01 --to 2027-05-31 \
    --pdf "$WORK/t.pdf" --png "$WORK/t.png" --svg "$WORK/t.svg"
expect pics 0
check "no table with a picture" test ! -s "$WORK/pics.out"
grep -qF "wrote $WORK/t.pdf" "$WORK/pics.err" || { echo "FAIL pics note"; fail=1; }
if command -v pdfinfo >/dev/null 2>&1; then
	pdfinfo "$WORK/t.pdf" >"$WORK/pdfinfo" 2>&1 ||
	    { echo "FAIL pdfinfo:"; cat "$WORK/pdfinfo"; fail=1; }
	# a title page, every measure, then one page a measure (9); the
	# store's owner manages no one: no heat map page, said so
	check "pdf of 11 pages" grep -q "^Pages: *11$" "$WORK/pdfinfo"
	grep -q "the PDF has no heat map page: no worker to show" "$WORK/pics.err" ||
	    { echo "FAIL pics: the missing heat map is not said"; fail=1; }
	# a service manager's: their teams' heat map, one page more
	ok heat --as sm1 report timeliness --from 2027-03-01 --to 2027-05-31 \
	    --pdf "$WORK/h.pdf"
	pdfinfo "$WORK/h.pdf" >"$WORK/hinfo" 2>&1
	check "pdf with a heat map of 12 pages" grep -q "^Pages: *12$" "$WORK/hinfo"
	pdftotext -f 12 -l 12 "$WORK/h.pdf" "$WORK/h12.txt" 2>/dev/null
	check "heat map page" grep -q "Deadlines per worker per week" "$WORK/h12.txt"
	check "heat map rows" grep -q "Sue North" "$WORK/h12.txt"
	grep -q "no heat map" "$WORK/heat.err" &&
	    { echo "FAIL heat: says it has no heat map"; fail=1; }
	check "pdf is A4" grep -q "^Page size: *842 x 595 pts (A4)" "$WORK/pdfinfo"
else
	echo "FAIL pdfinfo is missing (make test-deps installs poppler-utils)"
	fail=1
fi
check "pdf mode 0600" test "$(stat -c %a "$WORK/t.pdf")" = 600
check "png signature" test "$(head -c 8 "$WORK/t.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a
check "png is 1684 x 1190" test "$(od -An -j16 -N8 -tu1 "$WORK/t.png" | tr -s ' ')" = " 0 0 6 148 0 0 4 166"
check "png is drawn" test "$(wc -c <"$WORK/t.png")" -gt 20000
check "svg" grep -q "<svg" "$WORK/t.svg"
check "svg is xml" test "$(head -c 5 "$WORK/t.svg")" = "<?xml"
# a table as well when --format is given
ok both report timeliness --from 2027-03-01 --to 2027-05-31 --format csv \
    --png "$WORK/t2.png"
has both "total,icpc-s47,,2,1,50.0"
run nodir report timeliness --from 2027-03-01 --to 2027-05-31 \
    --pdf "$WORK/no/such/dir/t.pdf"
expect nodir 3 "--pdf"

# ---- the child named is on the record ------------------------------------
ok audit audit --child C2
has audit 'how="report timeliness"'
ok audit1 audit --child C1
lacks audit1 'how="report timeliness"'

exit $fail
