/* cmd_ui.c - placeholder command table, filled as the module lands. */
#include <stddef.h>
#include "cli.h"

const cli_command cmds_ui[] = {
	{ NULL, NULL, NULL, NULL, NULL }
};
