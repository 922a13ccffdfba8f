#!/bin/sh
# csv_spreadsheet.sh - issue 15: a CSV list cpdesk writes holds no formula
# when a spreadsheet opens it.  The fixed borough of lib_lists.sh, plus
# children and workers named =..., +..., -..., @... (names beginning with
# a tab or a CR are refused on the way in: checked here); every list as
# CSV, opened by LibreOffice (headless, converted to flat ODF XML in a
# private profile under $WORK): no cell holds a formula (table:formula),
# each such name is there as text with the single quote cpdesk put before
# it, and the lone "-" of an absent value is still "-".  The cells a store
# cannot hold (a leading tab or CR) go through LibreOffice too, from the
# hand-built table tests/golden/lists/formula-cells.csv (test_lists.c
# checks it is what the renderer writes).  Control: a hand-written CSV
# with =1+1 does come out with a formula, so this test can fail.
export CPDESK_DATADIR="$TOP/data"
unset CPDESK_HOLIDAYS CPDESK_DB
export LANG=C.UTF-8 LC_ALL=C.UTF-8
cd "$TOP" || exit 1
if ! command -v soffice >/dev/null 2>&1; then
	# CI runs as root, and make check installs libreoffice-calc-nogui
	if [ "$(id -u)" = 0 ]; then
		echo "FAIL: soffice not found (make test-deps installs libreoffice-calc-nogui)"
		exit 1
	fi
	echo "SKIP csv_spreadsheet: soffice not found (apt-get install libreoffice-calc-nogui)"
	exit 0
fi
. "$TOP/tests/e2e/lib_lists.sh"
fail=0
bad() { echo "FAIL $*"; fail=1; }

# ---- a store with names a spreadsheet would take for formulas ------------
EQ='=HYPERLINK("http://example.invalid","x")'
SWN='=HYPERLINK("http://example.invalid","sw")'
build_store "$WORK/db" policies/swindon.yaml 2>/dev/null || { echo "FAIL store"; exit 1; }
fx worker add smx --name '-3+4' --role service-manager >/dev/null &&
fx worker add tmx --name '+2+2' --role team-manager --manager smx >/dev/null &&
fx worker add swx --name "$SWN" --role social-worker --manager tmx >/dev/null &&
fx worker add chx --name '@SUM(2,2)' --role cp-chair >/dev/null &&
fx child add X1 --name "$EQ" --social-worker swx --cp-since 2025-01-01 >/dev/null &&
fx child add X2 --name '+1+1' --social-worker swx --cp-since 2024-12-01 >/dev/null &&
fx child add X3 --name '-2+3' --social-worker swx --cp-since 2024-12-01 >/dev/null &&
fx child add X4 --name '@SUM(1,1)' --social-worker swx --cin-since 2023-01-10 >/dev/null ||
    { echo "FAIL adding the people"; exit 1; }
fx meeting add X1 icpc 2025-03-14 --time 09:00 --chair chx --minute-taker mt1 \
    --anchor s47-start=2025-03-03 >/dev/null 2>&1 &&
M2=$(fx meeting add X2 rcpc 2025-03-13 --chair chx --minute-taker mt1 \
    --reason '=1+1 late' 2>/dev/null) &&
fx meeting add X3 rcpc 2025-03-12 --chair chx --minute-taker mt1 \
    --reason '-late' >/dev/null 2>&1 &&
R2=$(fx meeting cancel "$M2" --reason '=cancelled' 2>/dev/null) &&
"$CPDESK" --db "$FX_DB" --today 2025-03-13 --as smx approve "$R2" >/dev/null 2>&1 &&
"$CPDESK" --db "$FX_DB" --today 2025-03-13 --as qr1 approve "$R2" >/dev/null 2>&1 &&
"$CPDESK" --db "$FX_DB" --today 2025-03-05 consult add X4 --kind case-mapping --date 2025-03-05 --chair chx \
    --decision '=decided' --took-part '=sw' --plan '=plan' >/dev/null || { echo "FAIL adding the meetings"; exit 1; }
# a leading tab or CR never reaches the store
for n in "$(printf '\t=1+1')" "$(printf '\r=1+1')"; do
	fx child add X9 --name "$n" --social-worker swx --cp-since 2025-01-01 \
	    >/dev/null 2>"$WORK/refused"
	rc=$?
	[ "$rc" = 2 ] && grep -q 'control characters' "$WORK/refused" ||
	    bad "child named with a leading control character: exit $rc"
	fx worker add w9 --name "$n" --role social-worker >/dev/null 2>&1 &&
	    bad "worker named with a leading control character accepted"
done

# ---- every list as CSV, the golden of hostile cells, and the control -----
mkdir -p "$WORK/csv" "$WORK/fods"
for l in week fortnight month exceptions case-mapping; do
	"$CPDESK" --db "$WORK/db" --today 2025-03-14 list "$l" --date 2025-03-10 \
	    --format csv >"$WORK/csv/$l.csv" 2>"$WORK/$l.err" ||
	    bad "list $l --format csv: $(cat "$WORK/$l.err")"
done
cp tests/golden/lists/formula-cells.csv "$WORK/csv/"
printf 'name,kind\r\n=1+1,control\r\n' >"$WORK/csv/control.csv"
# comma, double quote, UTF-8 (76), from line 1; formulas evaluated (the
# default: the control shows it).  HOME too under $WORK: soffice's dconf
# would otherwise write to the real one.
HOME="$WORK" XDG_CONFIG_HOME="$WORK/xdg" XDG_CACHE_HOME="$WORK/xdg" \
timeout 300 soffice --headless "-env:UserInstallation=file://$WORK/lo" \
    --infilter=CSV:44,34,76,1 --convert-to fods --outdir "$WORK/fods" \
    "$WORK"/csv/*.csv >"$WORK/soffice.log" 2>&1 ||
    { echo "FAIL soffice exits $?"; cat "$WORK/soffice.log"; exit 1; }

# check.py CSV FODS: no cell of FODS holds a formula; a CSV field that
# starts with ' is that text in its cell, a lone "-" is "-".  Prints every
# text cell (newlines and tabs as \n, \t) for the checks of names below.
# check.py --formula FODS: exit 0 when some cell holds a formula.
cat >"$WORK/check.py" <<'PY'
import csv, sys, xml.etree.ElementTree as ET
T = '{urn:oasis:names:tc:opendocument:xmlns:table:1.0}'
O = '{urn:oasis:names:tc:opendocument:xmlns:office:1.0}'
X = '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}'

def text_of(e):
    s = e.text or ''
    for c in e:
        if c.tag == X + 's':
            s += ' ' * int(c.get(X + 'c', '1'))
        elif c.tag == X + 'tab':
            s += '\t'
        elif c.tag == X + 'line-break':
            s += '\n'
        else:
            s += text_of(c)
        s += c.tail or ''
    return s

def grid(path, nrows, ncols):
    """[(formula, value type, text)] by row and column, as the sheet has them."""
    table = ET.parse(path).getroot().find('.//' + T + 'table')
    rows = []
    for r in table.iter(T + 'table-row'):
        cells = []
        for c in r:
            if c.tag not in (T + 'table-cell', T + 'covered-table-cell'):
                continue
            v = (c.get(T + 'formula'), c.get(O + 'value-type'),
                 '\n'.join(text_of(p) for p in c.findall(X + 'p')))
            cells += [v] * min(int(c.get(T + 'number-columns-repeated', '1')), ncols)
        rows += [cells] * min(int(r.get(T + 'number-rows-repeated', '1')), nrows)
    return rows

if sys.argv[1] == '--formula':
    sys.exit(0 if any(c[0] for r in grid(sys.argv[2], 99, 99) for c in r) else 1)
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    want = list(csv.reader(f))
got = grid(sys.argv[2], len(want), max(len(r) for r in want))
bad = 0
for i, row in enumerate(got):
    for j, (formula, kind, text) in enumerate(row):
        if formula:
            print('FAIL %s row %d col %d holds the formula %s' % (sys.argv[1], i + 1, j + 1, formula), file=sys.stderr)
            bad = 1
for i, row in enumerate(want):
    for j, field in enumerate(row):
        cell = got[i][j] if i < len(got) and j < len(got[i]) else (None, None, '')
        shown = field.replace('\r\n', '\n').replace('\r', '\n')
        if (field[:1] == "'" or field == '-') and cell[1:] != ('string', shown):
            print('FAIL %s row %d col %d: %r shows as %r' % (sys.argv[1], i + 1, j + 1, field, cell[1:]), file=sys.stderr)
            bad = 1
for row in got:
    for formula, kind, text in row:
        if kind == 'string':
            print(text.replace('\n', '\\n').replace('\t', '\\t'))
sys.exit(bad)
PY

for c in "$WORK"/csv/*.csv; do
	n=$(basename "$c" .csv)
	[ -s "$WORK/fods/$n.fods" ] || { bad "soffice wrote no $n.fods"; continue; }
	[ "$n" = control ] && continue
	python3 "$WORK/check.py" "$c" "$WORK/fods/$n.fods" >>"$WORK/cells" || fail=1
done
python3 "$WORK/check.py" --formula "$WORK/fods/control.fods" ||
    bad "control: =1+1 in a CSV is no formula in LibreOffice, so this test proves nothing"

# ---- the names are there, as text --------------------------------------
# a cell that begins with the name shows the quote before it (the CR of
# the golden's cell is a line break in the sheet)
for n in "$EQ" "$SWN" '+1+1' '-2+3' '@SUM(1,1)' '-3+4' '@SUM(2,2)' \
    '=decided' '=cancelled; approved by -3+4, Rory Review' '\t=1+1' '\n=1+1'; do
	grep -F -x -q -- "'$n" "$WORK/cells" || bad "no text cell '$n"
done
# a name later in a cell is as it was
grep -F -x -q -- 'Service manager: -3+4; team manager: +2+2' "$WORK/cells" ||
    bad "no text cell of the group of +2+2"
grep -F -x -q -- '-' "$WORK/cells" || bad "the absent value - is not shown as -"
exit $fail
