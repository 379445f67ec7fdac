/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-context.h: what every part of the service shares: its settings, its
 * data directory's layout, the store, the event hub and who may call.
 *
 * Data directory layout (all 0700/0600):
 *   eoc.db                         the database
 *   environments/ENV/FILE.zip      each environment's current configuration
 *   backups/BACKUP.zip             backups
 *   uploads/UPLOAD.zip             uploaded configuration files, until imported or expired
 *   tmp/                           files being written; emptied at start
 * Stored files never change once written, so a configuration can be a hard
 * link to the backup or upload it came from.
 */
#pragma once

#include <gio/gio.h>

#include "eoc-configuration.h"
#include "eoc-events.h"
#include "eoc-store.h"

G_BEGIN_DECLS

typedef struct {
  char    *name;
  EocRole  role;
} EocCaller;

typedef struct {
  char                   *data_dir;
  EocStore               *store;
  EocEvents              *events;

  char                   *apply_command;       /* or NULL: the built-in apply */
  double                  apply_delay;         /* seconds */
  guint                   apply_timeout;       /* seconds */
  guint64                 max_upload_size;     /* bytes */
  guint                   upload_ttl;          /* seconds */
  guint                   max_uploads_per_user;
  EocConfigurationLimits  limits;

  /* Token hash → EocCaller: a cache of the users table, plus the local user. */
  GMutex                  callers_mutex;
  GHashTable             *callers;
  char                   *local_token_hash;    /* or NULL */
  char                   *local_user;

  /* Cancelled when the service stops; running operations end. */
  GCancellable           *shutdown;
  gint                    running_operations;  /* atomic */
} EocContext;

char *eoc_context_path (EocContext *self,
                        const char *first,
                        ...) G_GNUC_NULL_TERMINATED;

/* Looks up the caller for a bearer token; NULL when unknown. Any thread. */
EocCaller *eoc_context_find_caller   (EocContext *self,
                                      const char *token);
void       eoc_context_add_caller    (EocContext *self,
                                      const char *token_hash,
                                      const char *name,
                                      EocRole     role);
void       eoc_context_remove_caller (EocContext *self,
                                      const char *name);
/* Reads the users table again (users added or removed from the command line). */
void       eoc_context_reload_callers (EocContext *self);
void       eoc_caller_free           (EocCaller  *caller);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocCaller, eoc_caller_free)

G_END_DECLS
