/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-client: the client library alone, for the benchmarks.
 *
 *   bench-client upload URL ENVIRONMENT_ID FILE
 *       Uploads FILE with eoc_client_upload_configuration (the service answers
 *       once it has validated it); prints "upload_ms N" and "upload_rss_kib N"
 *       (peak memory above idle).
 *   bench-client storm URL RATE SECONDS
 *       Stops and starts the environments, RATE operations a second for SECONDS
 *       (each one two status changes); prints "storm_ops N" and "storm_refused N".
 *
 * The token is in EOC_TOKEN.
 */

#include "config.h"

#include <stdio.h>

#include "bench-common.h"
#include "eoc-client.h"

static GMainLoop *loop;

/* Upload. */

static gint64 upload_start;
static gint64 upload_idle;
static int upload_status;

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) upload = eoc_client_upload_configuration_finish (EOC_CLIENT (object),
                                                                        result, &error);

  if (upload == NULL)
    {
      g_printerr ("bench-client: %s\n", error->message);
      upload_status = 1;
    }
  else
    {
      printf ("upload_ms %.2f\n", (double) (g_get_monotonic_time () - upload_start) / 1000.0);
      printf ("upload_id %s\n", eoc_upload_get_id (upload));
      printf ("upload_rss_kib %" G_GINT64_FORMAT "\n", bench_status_kib ("VmHWM") - upload_idle);
    }
  g_main_loop_quit (loop);
}

static int
upload (EocClient  *client,
        const char *environment_id,
        const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  upload_idle = bench_status_kib ("VmRSS");
  upload_start = g_get_monotonic_time ();
  eoc_client_upload_configuration_async (client, environment_id, file, NULL, NULL, NULL, NULL,
                                         upload_cb, NULL);
  g_main_loop_run (loop);
  return upload_status;
}

/* Storm. */

typedef struct {
  char     *id;
  gboolean  busy;
  gboolean  start_next;   /* otherwise stop */
  gint64    ready_at;     /* after an operation, give it time to end */
} Target;

static GPtrArray *targets;
static EocClient *storm_client;
static gint64 storm_start, storm_end;
static double storm_rate;
static guint64 storm_sent, storm_ok, storm_refused;
static guint storm_in_flight, storm_next;

static void
power_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Target *target = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) op = NULL;

  if (target->start_next)
    op = eoc_client_start_environment_finish (EOC_CLIENT (object), result, &error);
  else
    op = eoc_client_stop_environment_finish (EOC_CLIENT (object), result, &error);

  storm_in_flight--;
  target->busy = FALSE;
  target->start_next = !target->start_next;
  target->ready_at = g_get_monotonic_time () + (op != NULL ? 20000 : 5000);
  if (op != NULL)
    storm_ok++;
  else
    storm_refused++;

  if (g_get_monotonic_time () >= storm_end && storm_in_flight == 0)
    g_main_loop_quit (loop);
}

static gboolean
storm_tick_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  guint64 due = (guint64) ((double) (MIN (now, storm_end) - storm_start) / G_USEC_PER_SEC *
                           storm_rate);

  while (storm_sent < due && storm_in_flight < 64)
    {
      Target *target = NULL;

      for (guint i = 0; i < targets->len; i++)
        {
          Target *t = g_ptr_array_index (targets, (storm_next + i) % targets->len);

          if (!t->busy && t->ready_at <= now)
            {
              target = t;
              storm_next = (storm_next + i + 1) % targets->len;
              break;
            }
        }
      if (target == NULL)
        break;

      target->busy = TRUE;
      storm_in_flight++;
      storm_sent++;
      if (target->start_next)
        eoc_client_start_environment_async (storm_client, target->id, NULL, power_cb, target);
      else
        eoc_client_stop_environment_async (storm_client, target->id, NULL, power_cb, target);
    }

  if (now >= storm_end)
    {
      if (storm_in_flight == 0)
        g_main_loop_quit (loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) environments =
    eoc_client_list_environments_finish (EOC_CLIENT (object), result, &error);

  if (environments == NULL)
    g_error ("bench-client: %s", error->message);

  for (guint i = 0; i < environments->len; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (environments, i);
      Target *target = g_new0 (Target, 1);

      target->id = g_strdup (eoc_environment_get_id (environment));
      target->start_next = eoc_environment_get_status (environment) == EOC_ENVIRONMENT_STATUS_OFFLINE;
      g_ptr_array_add (targets, target);
    }
  g_main_loop_quit (loop);
}

static int
storm (EocClient *client,
       double     rate,
       double     seconds)
{
  targets = g_ptr_array_new ();
  storm_client = client;
  storm_rate = rate;

  eoc_client_list_environments_async (client, NULL, list_cb, NULL);
  g_main_loop_run (loop);

  storm_start = g_get_monotonic_time ();
  storm_end = storm_start + (gint64) (seconds * G_USEC_PER_SEC);
  g_timeout_add (1, storm_tick_cb, NULL);
  g_main_loop_run (loop);

  printf ("storm_ops %" G_GUINT64_FORMAT "\n", storm_ok);
  printf ("storm_refused %" G_GUINT64_FORMAT "\n", storm_refused);
  printf ("storm_seconds %.3f\n", (double) (g_get_monotonic_time () - storm_start) / G_USEC_PER_SEC);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EocClient) client = NULL;
  const char *token = g_getenv ("EOC_TOKEN");

  if (argc < 3 || token == NULL)
    goto usage;

  loop = g_main_loop_new (NULL, FALSE);
  client = eoc_client_new (argv[2], token);

  if (argc == 5 && g_str_equal (argv[1], "upload"))
    return upload (client, argv[3], argv[4]);
  if (argc == 5 && g_str_equal (argv[1], "storm"))
    return storm (client, g_ascii_strtod (argv[3], NULL), g_ascii_strtod (argv[4], NULL));

usage:
  g_printerr ("Usage: EOC_TOKEN=TOKEN bench-client upload URL ENVIRONMENT_ID FILE\n"
              "       EOC_TOKEN=TOKEN bench-client storm URL RATE SECONDS\n");
  return 2;
}
