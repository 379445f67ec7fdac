/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-event-stream.c: a text message on the live event stream, as the
 * client turns it into signals (eoc_event_stream_receive_text: what
 * EocEventStream does with each WebSocket text message). Every signal's
 * arguments are read back as the application's handlers would.
 */

#include "config.h"

#include "eoc-event-stream.h"
#include "eoc-event-stream-private.h"

#include "fuzz-common.h"
#include "fuzz-models.h"

static void
model_cb (EocEventStream *stream,
          GObject        *model,
          gpointer        user_data)
{
  g_assert_nonnull (model);
  fuzz_read_properties (model);
}

static void
backup_deleted_cb (EocEventStream *stream,
                   const char     *environment_id,
                   const char     *backup_id,
                   gpointer        user_data)
{
  g_assert_nonnull (environment_id);
  g_assert_nonnull (backup_id);
  g_assert_true (g_utf8_validate (environment_id, -1, NULL));
  g_assert_true (g_utf8_validate (backup_id, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static EocEventStream *stream = NULL;

  fuzz_init ();
  if (stream == NULL)
    {
      g_autoptr(EocClient) client = eoc_client_new ("http://127.0.0.1:1", NULL);

      stream = eoc_event_stream_new (client);
      g_signal_connect (stream, "environment-changed", G_CALLBACK (model_cb), NULL);
      g_signal_connect (stream, "backup-changed", G_CALLBACK (model_cb), NULL);
      g_signal_connect (stream, "operation-changed", G_CALLBACK (model_cb), NULL);
      g_signal_connect (stream, "activity-added", G_CALLBACK (model_cb), NULL);
      g_signal_connect (stream, "backup-deleted", G_CALLBACK (backup_deleted_cb), NULL);
    }

  eoc_event_stream_receive_text (stream, (const char *) data, size);

  return 0;
}
