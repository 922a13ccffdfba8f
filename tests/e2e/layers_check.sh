#!/bin/sh
# layers_check.sh - make layers' checker (tests/tools/layers.sh) fails on
# each kind of breach and passes a tree that keeps the rules: a small
# tree of its own, with the project's src/layers.txt, compiled here.
#   - the domain including the store's header;
#   - a console file calling a store function;
#   - a domain file including <lmdb.h> or calling mdb_*;
#   - two files of one layer calling each other (a cycle);
#   - two headers including each other.
cd "$WORK" || exit 1
fail=0
CC=${CC:-cc}

# tree NAME: a tree that keeps the rules, in $WORK/NAME.
tree() {
	t="$WORK/$1"
	mkdir -p "$t/src/base" "$t/src/domain" "$t/src/store" "$t/src/work" \
	    "$t/src/ui" "$t/src/cli"
	cp "$TOP/src/layers.txt" "$t/src/"
	printf 'int base_one(void);\n' >"$t/src/base/base.h"
	printf '#include "base.h"\nint base_one(void) { return 1; }\n' \
	    >"$t/src/base/base.c"
	printf 'int dom_two(void);\n' >"$t/src/domain/dom.h"
	printf '#include "dom.h"\n#include "base.h"\nint dom_two(void) { return base_one() + 1; }\n' \
	    >"$t/src/domain/dom.c"
	printf 'int store_task_get(void);\n' >"$t/src/store/store.h"
	printf '#include <lmdb.h>\n#include "store.h"\n#include "dom.h"\nint store_task_get(void) { return dom_two() + (int)mdb_version(0, 0, 0)[0]; }\n' \
	    >"$t/src/store/store.c"
	printf 'int query_one(void);\n' >"$t/src/work/query.h"
	printf '#include "query.h"\n#include "store.h"\nint query_one(void) { return store_task_get(); }\n' \
	    >"$t/src/work/query.c"
	printf '#include "query.h"\nint view_draw(void);\nint view_draw(void) { return query_one(); }\n' \
	    >"$t/src/ui/view.c"
	printf 'int view_draw(void);\nint main(void) { return view_draw(); }\n' \
	    >"$t/src/cli/main.c"
}

# build NAME: compile every .c of the tree into NAME/build/obj/LAYER/.
build() {
	for c in "$WORK/$1"/src/*/*.c; do
		l=$(basename "$(dirname "$c")")
		mkdir -p "$WORK/$1/build/obj/$l"
		inc=""
		for d in "$WORK/$1"/src/*/; do inc="$inc -I$d"; done
		# shellcheck disable=SC2086
		$CC -c $inc -o "$WORK/$1/build/obj/$l/$(basename "$c" .c).o" "$c" ||
		    { echo "FAIL: cannot compile $c"; fail=1; }
	done
}

# expect NAME CODE TEXT: the checker on tree NAME exits CODE and says TEXT.
expect() {
	(cd "$WORK/$1" && sh "$TOP/tests/tools/layers.sh" build/obj) \
	    >"$WORK/$1.out" 2>&1
	rc=$?
	if [ "$rc" != "$2" ]; then
		echo "FAIL $1: exit $rc, want $2"; cat "$WORK/$1.out"; fail=1
	fi
	if ! grep -qF -- "$3" "$WORK/$1.out"; then
		echo "FAIL $1: output lacks '$3':"; cat "$WORK/$1.out"; fail=1
	fi
}

tree clean; build clean
expect clean 0 "keep to src/layers.txt"

tree dom_store
printf '#include "store.h"\n' >>"$WORK/dom_store/src/domain/dom.c"
build dom_store
expect dom_store 1 "src/domain/dom.c: includes src/store/store.h (store/), which domain/ may not use"

tree ui_store
printf '#include "store.h"\nint view_peek(void);\nint view_peek(void) { return store_task_get(); }\n' \
    >>"$WORK/ui_store/src/ui/view.c"
build ui_store
expect ui_store 1 "src/ui/view.c: calls store_task_get() of src/store/store.c, which ui/ may not use"

tree dom_lmdb
printf '#include <lmdb.h>\nint dom_db(void);\nint dom_db(void) { return mdb_version(0, 0, 0)[0]; }\n' \
    >>"$WORK/dom_lmdb/src/domain/dom.c"
build dom_lmdb
expect dom_lmdb 1 "src/domain/dom.c: includes <lmdb.h>, which only store/ may use"
expect dom_lmdb 1 "src/domain/dom.c: calls mdb_version(), which only store/ may call"

tree calls_cycle
printf 'int query_two(void);\nint query_two(void) { return query_three(); }\n' \
    >>"$WORK/calls_cycle/src/work/query.c"
printf 'int query_three(void);\n' >>"$WORK/calls_cycle/src/work/query.h"
printf '#include "query.h"\nint query_three(void) { return query_one(); }\n' \
    >"$WORK/calls_cycle/src/work/other.c"
build calls_cycle
expect calls_cycle 1 "cycle of calls:"

tree incl_cycle
printf '#ifndef A_H\n#define A_H\n#include "b.h"\n#endif\n' \
    >"$WORK/incl_cycle/src/work/a.h"
printf '#ifndef B_H\n#define B_H\n#include "a.h"\n#endif\n' \
    >"$WORK/incl_cycle/src/work/b.h"
printf '#include "a.h"\n' >>"$WORK/incl_cycle/src/work/query.c"
build incl_cycle
expect incl_cycle 1 "cycle of includes:"

exit $fail
