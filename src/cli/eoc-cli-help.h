/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-help.h: eocctl's commands, what arguments and options each takes,
 * and their manual-page-like help texts.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Options a command may take, besides the global ones. */
typedef enum {
  EOC_CLI_OPTION_NAME          = 1 << 0,
  EOC_CLI_OPTION_SAFETY_BACKUP = 1 << 1,
  EOC_CLI_OPTION_WAIT          = 1 << 2,
  EOC_CLI_OPTION_YES           = 1 << 3,
  EOC_CLI_OPTION_SCHEDULE      = 1 << 4,  /* --enable --disable --frequency --time --time-zone --retention --day */
  EOC_CLI_OPTION_LIMIT         = 1 << 5,
  EOC_CLI_OPTION_FORCE         = 1 << 6,
} EocCliOptions;

typedef enum {
  EOC_CLI_COMMAND_ENVIRONMENTS,
  EOC_CLI_COMMAND_SHOW,
  EOC_CLI_COMMAND_BACKUPS,
  EOC_CLI_COMMAND_BACKUP,
  EOC_CLI_COMMAND_RESTORE,
  EOC_CLI_COMMAND_IMPORT,
  EOC_CLI_COMMAND_EXPORT,
  EOC_CLI_COMMAND_DOWNLOAD,
  EOC_CLI_COMMAND_DELETE_BACKUP,
  EOC_CLI_COMMAND_UPDATE,
  EOC_CLI_COMMAND_SCHEDULE,
  EOC_CLI_COMMAND_ACTIVITY,
  EOC_CLI_COMMAND_WATCH,
  EOC_CLI_COMMAND_HELP,
} EocCliCommandId;

typedef struct {
  EocCliCommandId  id;
  const char      *name;
  const char      *arguments;    /* "ENV BACKUP FILE" */
  guint            n_arguments;  /* exactly; HELP takes 0 or 1 */
  EocCliOptions    options;
  const char      *summary;
  const char      *description;
  const char      *examples;
} EocCliCommand;

const EocCliCommand *eoc_cli_command_lookup   (const char          *name);
const EocCliCommand *eoc_cli_commands         (guint               *n_commands);

char                *eoc_cli_help_main        (void);
char                *eoc_cli_help_command     (const EocCliCommand *command);
char                *eoc_cli_usage_line       (const EocCliCommand *command);

G_END_DECLS
