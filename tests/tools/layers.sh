#!/bin/sh
# layers.sh OBJDIR - check src/ against the rules of src/layers.txt.
#
#   includes: a file includes headers of its own layer and of the layers
#             it may use, and a library's headers only in its layer;
#   calls:    each object's undefined symbols are defined in its own
#             layer, a layer it may use, or outside the project (and a
#             library's symbols only in its layer);
#   cycles:   no two files include each other, directly or round a
#             circle; no two objects call each other likewise.
#
# OBJDIR holds LAYER/FILE.o for every src/LAYER/FILE.c (make layers builds
# them).  Prints every breach as FILE: what, and exits 1; else one line.
set -eu
objdir=$1
rules=src/layers.txt
tmp=$(mktemp -d "${TMPDIR:-/tmp}/layers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

[ -f "$rules" ] || { echo "layers: no $rules" >&2; exit 2; }
command -v nm >/dev/null || { echo "layers: nm not found (apt-get install binutils)" >&2; exit 2; }

# The rules, as "layer LAYER USES..." and "lib HEADERS PKG LAYER" lines.
grep -v '^[[:space:]]*#' "$rules" | awk 'NF { print }' >"$tmp/rules"
awk '$1 != "lib" { print $1 }' "$tmp/rules" >"$tmp/layers"

# Every source and header, with its layer: "LAYER PATH".
while read -r layer; do
	for f in src/"$layer"/*.c src/"$layer"/*.h; do
		[ -f "$f" ] && echo "$layer $f"
	done
done <"$tmp/layers" >"$tmp/files"

# Includes: "FILE HEADER" (quoted and angle-bracket alike).
while read -r layer f; do
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]\([^>"]*\)[>"].*/\1/p' "$f" |
	    while read -r h; do echo "$f $h"; done
done <"$tmp/files" >"$tmp/includes"

# A library's symbols: nm over the archives (or shared objects) that
# pkg-config names for it.  "PKG SYMBOL".
libsyms() {
	pkg=$1
	dirs="$(pkg-config --variable=libdir "$pkg" 2>/dev/null) /usr/lib/x86_64-linux-gnu /usr/lib /lib"
	for l in $(pkg-config --static --libs-only-l "$pkg" 2>/dev/null | sed 's/-l//g'); do
		for d in $dirs; do
			if [ -f "$d/lib$l.a" ]; then
				nm -g --defined-only "$d/lib$l.a" 2>/dev/null; break
			elif [ -f "$d/lib$l.so" ]; then
				nm -D -g --defined-only "$d/lib$l.so" 2>/dev/null; break
			fi
		done
	done | awk -v p="$pkg" 'NF >= 3 && $2 ~ /^[TDBRVWiu]$/ { print p, $3 }'
}
awk '$1 == "lib" { print $3 }' "$tmp/rules" | while read -r pkg; do
	libsyms "$pkg"
done >"$tmp/libsyms"

# Objects: "LAYER OBJ def SYMBOL" and "LAYER OBJ use SYMBOL".
while read -r layer; do
	for o in "$objdir/$layer"/*.o; do
		[ -f "$o" ] || continue
		case "$o" in *.pic.o) continue ;; esac
		src="src/$layer/$(basename "$o" .o).c"
		[ -f "$src" ] || continue    # left over from a source since removed
		nm -g --defined-only "$o" |
		    awk -v l="$layer" -v s="$src" 'NF >= 3 { print l, s, "def", $3 }'
		nm -u "$o" | awk -v l="$layer" -v s="$src" '{ print l, s, "use", $NF }'
	done
done <"$tmp/layers" >"$tmp/syms"

awk -v RULES="$tmp/rules" -v FILES="$tmp/files" -v INCS="$tmp/includes" \
    -v LIBSYMS="$tmp/libsyms" -v SYMS="$tmp/syms" '
function may(from, to) { return from == to || ((from SUBSEP to) in uses) }
function breach(msg) { print msg; bad++ }
# Tarjan: strongly connected components of the graph in edge[][].
function strong(v,    i, w, n) {
	idx[v] = low[v] = ++counter
	stack[++sp] = v; onstack[v] = 1
	n = nout[v]
	for (i = 1; i <= n; i++) {
		w = out[v, i]
		if (!(w in idx)) {
			strong(w)
			if (low[w] < low[v]) low[v] = low[w]
		} else if (onstack[w] && idx[w] < low[v]) low[v] = idx[w]
	}
	if (low[v] == idx[v]) {
		comp = ""; size = 0
		do { w = stack[sp--]; onstack[w] = 0; comp = comp " " w; size++ } while (w != v)
		if (size > 1) breach("cycle of " kind ":" comp " (each reaches the others; " \
		                     "move what they share below them)")
	}
}
function cycles(what,    v) {
	kind = what; counter = 0; sp = 0
	for (v in node) if (!(v in idx)) strong(v)
	split("", idx); split("", low); split("", onstack)
}
function add_edge(a, b, why) {
	if (a == b || ((a SUBSEP b) in seen)) return
	seen[a, b] = 1; node[a] = 1; node[b] = 1
	out[a, ++nout[a]] = b
}
function reset_graph() { split("", seen); split("", node); split("", out); split("", nout) }
BEGIN {
	while ((getline line < RULES) > 0) {
		n = split(line, w, /[ \t]+/)
		if (w[1] == "lib") {
			nh = split(w[2], hs, ",")
			for (i = 1; i <= nh; i++) libhdr[hs[i]] = w[4]
			libpkg[w[3]] = w[4]
			continue
		}
		layers[w[1]] = 1
		for (i = 2; i <= n; i++) uses[w[1], w[i]] = 1
	}
	while ((getline line < FILES) > 0) {
		split(line, w, " ")
		layer_of[w[2]] = w[1]
		base = w[2]; sub(/.*\//, "", base)
		if (base ~ /\.h$/) {
			if (base in header) breach(w[2] ": header name also used by " header[base])
			header[base] = w[2]
		}
	}
	# includes
	while ((getline line < INCS) > 0) {
		split(line, w, " ")
		f = w[1]; h = w[2]; fl = layer_of[f]
		if (h in libhdr) {
			if (fl != libhdr[h]) breach(f ": includes <" h ">, which only " libhdr[h] "/ may use")
			continue
		}
		if (!(h in header)) continue      # the C library, libyaml, cmocka...
		hl = layer_of[header[h]]
		if (!may(fl, hl)) breach(f ": includes " header[h] " (" hl "/), which " fl "/ may not use")
		add_edge(f, header[h])
	}
	cycles("includes")
	reset_graph()
	while ((getline line < LIBSYMS) > 0) {
		split(line, w, " ")
		libsym[w[2]] = libpkg[w[1]]
	}
	while ((getline line < SYMS) > 0) {
		split(line, w, " ")
		if (w[3] == "def") { defd[w[4]] = w[2]; continue }
		nuse++; ul[nuse] = w[1]; uf[nuse] = w[2]; us[nuse] = w[4]
	}
	for (i = 1; i <= nuse; i++) {
		s = us[i]; f = uf[i]; fl = ul[i]
		if (s in defd) {
			d = defd[s]; dl = layer_of[d]
			if (!may(fl, dl)) breach(f ": calls " s "() of " d ", which " fl "/ may not use")
			add_edge(f, d)
		} else if ((s in libsym) && fl != libsym[s]) {
			breach(f ": calls " s "(), which only " libsym[s] "/ may call")
		}
	}
	cycles("calls")
	if (bad) { printf "layers: %d breach%s of src/layers.txt (doc/hacking.md)\n", bad, bad == 1 ? "" : "es"; exit 1 }
	n = 0; for (f in layer_of) n++
	for (l in layers) nl++
	printf "layers: %d files in %d layers keep to src/layers.txt: no include or call goes up or across, no cycle\n", n, nl
}'
