/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-operation-tracker"

#include "config.h"

#include "eoc-operation-tracker.h"

struct _EocOperationTracker
{
  GObject         parent_instance;

  EocClient      *client;
  EocEventStream *stream;
  GHashTable     *tracked;       /* operation id → Tracked */
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (EocOperationTracker, eoc_operation_tracker, G_TYPE_OBJECT)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  EocOperation *operation;
  char         *environment_name;
  char         *subject;
  char         *subject_id;
} Tracked;

static void
tracked_free (Tracked *tracked)
{
  g_clear_object (&tracked->operation);
  g_free (tracked->environment_name);
  g_free (tracked->subject);
  g_free (tracked->subject_id);
  g_free (tracked);
}

/* Takes @operation's latest state; reports and forgets it once it ended. */
static void
update (EocOperationTracker *self,
        EocOperation        *operation)
{
  Tracked *tracked = g_hash_table_lookup (self->tracked, eoc_operation_get_id (operation));

  if (tracked == NULL)
    return;

  if (operation != tracked->operation)
    eoc_operation_update_from (tracked->operation, operation);

  if (eoc_operation_is_finished (tracked->operation))
    {
      g_autofree char *key = NULL;

      /* Forgotten first: a handler may start the same work again. */
      g_hash_table_steal_extended (self->tracked, eoc_operation_get_id (operation),
                                   (gpointer *) &key, NULL);
      g_signal_emit (self, signals[FINISHED], 0, tracked->operation, tracked->environment_name,
                     tracked->subject, tracked->subject_id);
      tracked_free (tracked);
    }
}

static void
operation_changed_cb (EocOperationTracker *self,
                      EocOperation        *operation)
{
  update (self, operation);
}

static void
get_operation_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EocOperationTracker) self = user_data;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  operation = eoc_client_get_operation_finish (EOC_CLIENT (object), result, &error);
  if (operation == NULL)
    {
      /* The stream's next resynchronization asks again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read an operation: %s", error->message);
      return;
    }

  update (self, operation);
}

static void
fetch (EocOperationTracker *self,
       const char          *id)
{
  eoc_client_get_operation_async (self->client, id, self->cancellable, get_operation_cb,
                                  g_object_ref (self));
}

/* Events may have been missed while the stream was away: ask for each. */
static void
resynchronize_cb (EocOperationTracker *self)
{
  GHashTableIter iter;
  const char *id;

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    fetch (self, id);
}

static void
eoc_operation_tracker_dispose (GObject *object)
{
  EocOperationTracker *self = (EocOperationTracker *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->stream != NULL)
    g_signal_handlers_disconnect_by_data (self->stream, self);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);
  g_clear_pointer (&self->tracked, g_hash_table_unref);

  G_OBJECT_CLASS (eoc_operation_tracker_parent_class)->dispose (object);
}

static void
eoc_operation_tracker_class_init (EocOperationTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eoc_operation_tracker_dispose;

  /**
   * EocOperationTracker::finished:
   * @self: the tracker
   * @operation: the operation, ended (succeeded or failed)
   * @environment_name: the name given when it was added
   * @subject: (nullable): the subject given when it was added
   * @subject_id: (nullable): the subject's id given when it was added
   *
   * A tracked operation ended; it is no longer tracked.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  EOC_TYPE_OPERATION, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
eoc_operation_tracker_init (EocOperationTracker *self)
{
  self->tracked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) tracked_free);
  self->cancellable = g_cancellable_new ();
}

EocOperationTracker *
eoc_operation_tracker_new (EocClient      *client,
                           EocEventStream *stream)
{
  EocOperationTracker *self;

  g_return_val_if_fail (EOC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (EOC_IS_EVENT_STREAM (stream), NULL);

  self = g_object_new (EOC_TYPE_OPERATION_TRACKER, NULL);
  self->client = g_object_ref (client);
  self->stream = g_object_ref (stream);
  g_signal_connect_object (stream, "operation-changed", G_CALLBACK (operation_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (stream, "resynchronize", G_CALLBACK (resynchronize_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

void
eoc_operation_tracker_add (EocOperationTracker *self,
                           EocOperation        *operation,
                           const char          *environment_name,
                           const char          *subject,
                           const char          *subject_id)
{
  Tracked *tracked;

  g_return_if_fail (EOC_IS_OPERATION_TRACKER (self));
  g_return_if_fail (EOC_IS_OPERATION (operation));

  if (g_hash_table_contains (self->tracked, eoc_operation_get_id (operation)))
    return;

  tracked = g_new0 (Tracked, 1);
  tracked->operation = g_object_ref (operation);
  tracked->environment_name = g_strdup (environment_name);
  tracked->subject = g_strdup (subject);
  tracked->subject_id = g_strdup (subject_id);
  g_hash_table_insert (self->tracked, g_strdup (eoc_operation_get_id (operation)), tracked);

  /* It may have ended before its start was answered, its events gone by:
   * ask once now. */
  if (eoc_operation_is_finished (operation))
    update (self, operation);
  else
    fetch (self, eoc_operation_get_id (operation));
}

guint
eoc_operation_tracker_get_n_running (EocOperationTracker *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION_TRACKER (self), 0);

  return g_hash_table_size (self->tracked);
}
