/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-private.h: what eocctl's files share: the state of one run, the
 * exit statuses, and the helpers each command uses to print, fail and
 * finish. A run is one GMainLoop; each command is a chain of asynchronous
 * client calls that ends with eoc_cli_finish() or eoc_cli_fail().
 */
#pragma once

#include <gio/gio.h>

#include "eoc-client.h"
#include "eoc-cli-help.h"
#include "eoc-cli-json.h"

G_BEGIN_DECLS

/* Exit statuses, as documented in `eocctl --help`. */
typedef enum {
  EOC_CLI_EXIT_OK          = 0,
  EOC_CLI_EXIT_FAILED      = 1,    /* the operation failed, or the service refused it */
  EOC_CLI_EXIT_USAGE       = 2,    /* wrong arguments, no or unsafe configuration */
  EOC_CLI_EXIT_CONNECTION  = 3,    /* cannot connect, or the token was refused */
  EOC_CLI_EXIT_INTERRUPTED = 130,  /* Ctrl+C */
} EocCliExit;

typedef struct _EocCli EocCli;
typedef struct _EocCliProgress EocCliProgress;

/* Called once the environment (or backup) named on the command line is known. */
typedef void (*EocCliResolvedFunc) (EocCli *cli);

struct _EocCli {
  GMainLoop           *loop;
  GCancellable        *cancellable;
  EocClient           *client;
  const EocCliCommand *command;
  GStrv                args;           /* the command's arguments */
  int                  exit_status;
  gboolean             finished;
  gboolean             interrupted;

  gboolean             stdin_is_tty;
  gboolean             stdout_is_tty;
  gboolean             stderr_is_tty;

  /* Where the token came from, for messages. */
  char                *server_url;
  char                *token_source;

  /* Options. */
  char                *opt_server;
  char                *opt_token;
  gboolean             opt_json;
  gboolean             opt_help;
  gboolean             opt_version;
  char                *opt_name;
  gboolean             opt_safety_backup;
  gboolean             opt_wait;
  gboolean             opt_yes;
  gboolean             opt_force;
  int                  opt_limit;
  gboolean             opt_enable;
  gboolean             opt_disable;
  char                *opt_frequency;
  char                *opt_time;
  char                *opt_time_zone;
  int                  opt_retention;
  char                *opt_day;

  /* What the command found on the way. */
  EocEnvironment      *environment;
  EocBackup           *backup;
  EocUpload           *upload;
  EocChanges          *changes;
  EocOperation        *operation;
  EocSchedule         *schedule;
  EocCliResolvedFunc   resolved;
  const char          *environment_query;
  const char          *backup_query;
  GFile               *file;
  EocCliProgress      *progress;
  GDataInputStream    *stdin_lines;
  GObject             *event_stream;
  EocCliResolvedFunc   operation_done;
  guint                poll_id;
  guint                poll_interval_ms;
  char                *last_message;
  gboolean             progress_line_shown;
  guint64              transferred;
};

/* eoc-cli.c */
void      eoc_cli_finish          (EocCli       *cli,
                                   int           exit_status);
void      eoc_cli_fail            (EocCli       *cli,
                                   const GError *error);
void      eoc_cli_fail_message    (EocCli       *cli,
                                   int           exit_status,
                                   const char   *format,
                                   ...) G_GNUC_PRINTF (3, 4);
void      eoc_cli_message         (EocCli       *cli,
                                   const char   *format,
                                   ...) G_GNUC_PRINTF (2, 3);
void      eoc_cli_print_json      (EocCli       *cli,
                                   JsonNode     *node);
gboolean  eoc_cli_is_cancelled    (EocCli       *cli,
                                   const GError *error);
guint     eoc_cli_terminal_width  (void);
const char *eoc_cli_status_label  (EocEnvironmentStatus status);
const char *eoc_cli_kind_label    (EocOperationKind kind);
char       *eoc_cli_when          (GDateTime    *time);

/* eoc-cli-resolve.c */
void      eoc_cli_resolve_environment (EocCli             *cli,
                                       const char         *name_or_id,
                                       EocCliResolvedFunc  resolved);
void      eoc_cli_resolve_backup      (EocCli             *cli,
                                       const char         *name_or_id,
                                       EocCliResolvedFunc  resolved);

/* eoc-cli-progress.c */
EocCliProgress *eoc_cli_progress_new     (EocCli         *cli,
                                          const char     *label);
void            eoc_cli_progress_update  (guint64         done,
                                          guint64         total,
                                          gpointer        user_data);
void            eoc_cli_progress_end     (EocCliProgress *self);
void            eoc_cli_progress_free    (EocCliProgress *self);

void      eoc_cli_wait_operation      (EocCli       *cli,
                                       EocOperation *operation,
                                       void        (*done) (EocCli *cli));
void      eoc_cli_stop_waiting        (EocCli       *cli);

/* eoc-cli-cmd-backup.c, shared with import */
void      eoc_cli_fail_version_mismatch (EocCli       *cli,
                                         const char   *what,
                                         const char   *environment_version,
                                         const char   *configuration_version);
void      eoc_cli_operation_started     (EocCli       *cli,
                                         EocOperation *operation,
                                         const char   *started);
void      eoc_cli_operation_done        (EocCli       *cli);

/* The commands. */
void      eoc_cli_cmd_environments    (EocCli *cli);
void      eoc_cli_cmd_show            (EocCli *cli);
void      eoc_cli_cmd_backups         (EocCli *cli);
void      eoc_cli_cmd_activity        (EocCli *cli);
void      eoc_cli_cmd_schedule        (EocCli *cli);
void      eoc_cli_cmd_backup          (EocCli *cli);
void      eoc_cli_cmd_restore         (EocCli *cli);
void      eoc_cli_cmd_delete_backup   (EocCli *cli);
void      eoc_cli_cmd_update          (EocCli *cli);
void      eoc_cli_cmd_import          (EocCli *cli);
void      eoc_cli_cmd_export          (EocCli *cli);
void      eoc_cli_cmd_download        (EocCli *cli);
void      eoc_cli_cmd_watch           (EocCli *cli);

/* Checks of the schedule options, before anything is sent (eoc-cli-cmd-list.c). */
gboolean  eoc_cli_check_schedule_options (EocCli  *cli,
                                          GError **error);

G_END_DECLS
