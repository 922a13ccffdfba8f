/* cmd_store.c - placeholder command table, filled as the module lands. */
#include <stddef.h>
#include "cli.h"

const cli_command cmds_store[] = {
	{ NULL, NULL, NULL, NULL, NULL }
};
