/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Import configuration dialog against the real service: a dropped file
 * uploads with progress and shows what it would change; the trash button
 * discards it; Import restores it; invalid files, files of another version,
 * several files and folders are refused; a cancelled upload or a closed
 * dialog leaves nothing on the service.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "eoc-import-dialog.h"
#include "test-app-utils.h"

static const char *server_args[] = { "--demo", "--apply-delay", "0", NULL };

typedef struct {
  EocTestServer   *server;
  EocClient       *client;
  EocEnvironment  *staging;
  EocImportDialog *dialog;
  GPtrArray       *operations;   /* emitted with operation-started */
  GPtrArray       *toasts;       /* emitted with add-toast */
  char            *dir;          /* the test's own files */
} Fixture;

/* Waiting, looking again every 50 ms: some conditions (files on the
 * service's disk) change without an event in this process. */

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_for (EocTestCondition condition,
          gpointer         user_data,
          guint            timeout_ms)
{
  guint tick = g_timeout_add (50, tick_cb, NULL);
  gboolean held = eoc_test_wait_until (condition, user_data, timeout_ms);

  g_source_remove (tick);
  return held;
}

/* Waiting for one async call. */

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  g_assert_true (wait_for (has_result, result, 30000));
  return *result;
}

static EocEnvironment *
get_environment (EocClient  *client,
                 const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EocEnvironment *environment;

  eoc_client_get_environment_async (client, id, NULL, got_result_cb, &result);
  environment = eoc_client_get_environment_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  return environment;
}

static EocEnvironment *
environment_by_name (EocClient  *client,
                     const char *name)
{
  g_autofree char *id = eoc_test_environment_id (client, name);

  return get_environment (client, id);
}

/* Downloads the current configuration of the environment called @name. */
static GFile *
download_configuration (Fixture    *fixture,
                        const char *name,
                        const char *file_name)
{
  g_autofree char *id = eoc_test_environment_id (fixture->client, name);
  g_autofree char *path = g_build_filename (fixture->dir, file_name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  eoc_client_download_configuration_async (fixture->client, id, file, NULL, NULL, NULL, NULL,
                                           got_result_cb, &result);
  g_assert_true (eoc_client_download_configuration_finish (fixture->client, wait_result (&result),
                                                           &error));
  g_assert_no_error (error);
  return g_steal_pointer (&file);
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* A configuration file written by hand: a ZIP archive with manifest.json and
 * one big file under files/, stored (not compressed) so that the archive is
 * as big as the file. */

static guint32 crc_table[256];

static void
crc_init (void)
{
  for (guint32 n = 0; n < 256; n++)
    {
      guint32 c = n;

      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
    }
}

static guint32
crc_update (guint32       crc,
            const guint8 *data,
            gsize         length)
{
  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static void
put16 (GByteArray *bytes,
       guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (bytes, b, 2);
}

static void
put32 (GByteArray *bytes,
       guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (bytes, b, 4);
}

typedef struct {
  const char *name;
  guint32     crc;
  guint32     size;
  guint32     offset;
} ZipEntry;

static void
zip_header (GByteArray     *bytes,
            const ZipEntry *entry,
            gboolean        central)
{
  put32 (bytes, central ? 0x02014b50 : 0x04034b50);
  if (central)
    put16 (bytes, 0x0314);                    /* made by: Unix, 2.0 */
  put16 (bytes, 20);                          /* needed: 2.0 */
  put16 (bytes, 0);                           /* flags */
  put16 (bytes, 0);                           /* stored */
  put16 (bytes, 0);                           /* time */
  put16 (bytes, (46 << 9) | (11 << 5) | 22);  /* date: 2026-11-22 */
  put32 (bytes, entry->crc);
  put32 (bytes, entry->size);
  put32 (bytes, entry->size);
  put16 (bytes, strlen (entry->name));
  put16 (bytes, 0);                           /* extra */
  if (central)
    {
      put16 (bytes, 0);                       /* comment */
      put16 (bytes, 0);                       /* disk */
      put16 (bytes, 0);                       /* internal attributes */
      put32 (bytes, (0100644u) << 16);        /* a regular file, rw-r--r-- */
      put32 (bytes, entry->offset);
    }
  g_byte_array_append (bytes, (const guint8 *) entry->name, strlen (entry->name));
}

static GFile *
write_big_configuration (Fixture    *fixture,
                         const char *name,
                         const char *version,
                         gsize       size)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *manifest = g_strdup_printf (
    "{\"format\": \"env-ops-center-configuration\", \"format_version\": 1, "
    "\"environment_version\": \"%s\", \"settings\": {\"region\": \"us-east-1\"}}", version);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree guint8 *chunk = g_malloc (1024 * 1024);
  ZipEntry entries[2] = {
    { "manifest.json", 0, strlen (manifest), 0 },
    { "files/big.bin", 0, size, 0 },
  };
  guint32 central_offset;
  guint32 central_size;
  FILE *out;

  crc_init ();
  for (gsize i = 0; i < 1024 * 1024; i++)
    chunk[i] = (guint8) (i * 7 + i / 251);
  entries[0].crc = crc_update (0, (const guint8 *) manifest, strlen (manifest));
  for (gsize done = 0; done < size; done += 1024 * 1024)
    entries[1].crc = crc_update (entries[1].crc, chunk, MIN (size - done, 1024 * 1024));

  out = g_fopen (path, "wb");
  g_assert_nonnull (out);

  zip_header (bytes, &entries[0], FALSE);
  g_byte_array_append (bytes, (const guint8 *) manifest, strlen (manifest));
  entries[1].offset = bytes->len;
  zip_header (bytes, &entries[1], FALSE);
  g_assert_cmpuint (fwrite (bytes->data, 1, bytes->len, out), ==, bytes->len);
  for (gsize done = 0; done < size; done += 1024 * 1024)
    {
      gsize n = MIN (size - done, 1024 * 1024);

      g_assert_cmpuint (fwrite (chunk, 1, n, out), ==, n);
    }
  central_offset = bytes->len + size;

  g_byte_array_set_size (bytes, 0);
  zip_header (bytes, &entries[0], TRUE);
  zip_header (bytes, &entries[1], TRUE);
  central_size = bytes->len;
  put32 (bytes, 0x06054b50);
  put16 (bytes, 0);
  put16 (bytes, 0);
  put16 (bytes, 2);
  put16 (bytes, 2);
  put32 (bytes, central_size);
  put32 (bytes, central_offset);
  put16 (bytes, 0);
  g_assert_cmpuint (fwrite (bytes->data, 1, bytes->len, out), ==, bytes->len);
  g_assert_cmpint (fclose (out), ==, 0);

  return g_file_new_for_path (path);
}

/* What the service keeps. */

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint count = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    count++;
  return count;
}

/* Files being received (tmp) and uploads waiting to be imported. */
static guint
count_uploads (Fixture *fixture)
{
  g_autofree char *uploads = g_build_filename (fixture->server->data_dir, "uploads", NULL);
  g_autofree char *tmp = g_build_filename (fixture->server->data_dir, "tmp", NULL);

  return count_files (uploads) + count_files (tmp);
}

/* The id of the one upload kept by the service ("ID.zip" in uploads/). */
static char *
only_upload_id (Fixture *fixture)
{
  g_autofree char *uploads = g_build_filename (fixture->server->data_dir, "uploads", NULL);
  g_autoptr(GDir) listing = g_dir_open (uploads, 0, NULL);
  const char *name;
  char *id = NULL;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_null (id);
      g_assert_true (g_str_has_suffix (name, ".zip"));
      id = g_strndup (name, strlen (name) - strlen (".zip"));
    }
  g_assert_nonnull (id);
  return id;
}

typedef struct {
  Fixture    *fixture;
  const char *upload_id;
} UploadGone;

static gboolean
upload_gone (gpointer user_data)
{
  UploadGone *check = user_data;
  EocClient *client = check->fixture->client;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EocUpload) upload = NULL;
  g_autoptr(GError) error = NULL;

  eoc_client_get_upload_async (client, eoc_environment_get_id (check->fixture->staging),
                               check->upload_id, NULL, got_result_cb, &result);
  upload = eoc_client_get_upload_finish (client, wait_result (&result), &error);
  if (upload != NULL)
    return FALSE;
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
  return TRUE;
}

static gboolean
no_uploads (gpointer user_data)
{
  return count_uploads (user_data) == 0;
}

/* The dialog. */

static gboolean
dialog_gone (gpointer user_data)
{
  return ((Fixture *) user_data)->dialog == NULL;
}

static void
operation_started_cb (EocImportDialog *dialog,
                      EocOperation    *operation,
                      Fixture         *fixture)
{
  g_ptr_array_add (fixture->operations, g_object_ref (operation));
}

static void
add_toast_cb (EocImportDialog *dialog,
              AdwToast        *toast,
              Fixture         *fixture)
{
  /* The receiver takes the toast, as the window's toast overlay does. */
  g_ptr_array_add (fixture->toasts, toast);
}

static void
open_dialog (Fixture *fixture)
{
  fixture->dialog = eoc_import_dialog_new (NULL, fixture->client, fixture->staging);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_signal_connect (fixture->dialog, "operation-started", G_CALLBACK (operation_started_cb),
                    fixture);
  g_signal_connect (fixture->dialog, "add-toast", G_CALLBACK (add_toast_cb), fixture);
  gtk_window_set_default_size (GTK_WINDOW (fixture->dialog), 520, 640);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  eoc_test_wait (100);
}

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->dialog),
                                                   EOC_TYPE_IMPORT_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static gboolean
shows (Fixture    *fixture,
       const char *text)
{
  return eoc_test_widget_shows (GTK_WIDGET (fixture->dialog), text);
}

static const char *
page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (child (fixture, "stack"));
}

static gboolean
import_sensitive (Fixture *fixture)
{
  GtkWidget *button = eoc_test_find_button (GTK_WIDGET (fixture->dialog), "Import");

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

/* A click, as the user's: only on a button they can see and use. */
static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static const char *
label_text (Fixture    *fixture,
            const char *name)
{
  return gtk_label_get_text (child (fixture, name));
}

/* Drops @files on the dialog's drop target, as a drag from the file manager does. */
static gboolean
drop_files (Fixture *fixture,
            GFile   *first,
            ...)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->dialog));
  g_autoptr(GObject) target = NULL;
  g_autoptr(GSList) files = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  GdkContentFormats *formats;
  va_list args;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_assert_null (target);
          target = g_object_ref (controller);
        }
    }
  g_assert_nonnull (target);
  formats = gtk_drop_target_get_formats (GTK_DROP_TARGET (target));
  g_assert_true (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST));

  va_start (args, first);
  for (GFile *file = first; file != NULL; file = va_arg (args, GFile *))
    files = g_slist_append (files, file);
  va_end (args);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &accepted);
  g_value_unset (&value);

  return accepted;
}

static gboolean
page_is (gpointer user_data)
{
  Fixture *fixture = ((gpointer *) user_data)[0];
  const char *name = ((gpointer *) user_data)[1];

  return fixture->dialog != NULL && g_strcmp0 (page (fixture), name) == 0 &&
         !gtk_stack_get_transition_running (child (fixture, "stack"));
}

static void
wait_for_page (Fixture    *fixture,
               const char *name)
{
  gpointer data[2] = { fixture, (gpointer) name };

  g_assert_true (wait_for (page_is, data, 60000));
}

static gboolean
changes_known (gpointer user_data)
{
  Fixture *fixture = user_data;

  return !gtk_widget_get_visible (child (fixture, "changes_loading_row"));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = eoc_test_server_new (server_args);
  fixture->client = eoc_test_client_new (fixture->server->url, fixture->server->operator_token);
  fixture->staging = environment_by_name (fixture->client, "Staging");
  fixture->operations = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->dir = g_dir_make_tmp ("eoc-test-import-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  /* Requests under way keep it until they end, quickly once it is destroyed. */
  g_assert_true (wait_for (dialog_gone, fixture, 10000));

  g_clear_pointer (&fixture->operations, g_ptr_array_unref);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
  g_clear_object (&fixture->staging);
  g_clear_object (&fixture->client);
  eoc_test_server_free (fixture->server);
  eoc_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* Empty: the warning names the environment, the drop area shows, Import is off. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  open_dialog (fixture);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->dialog)), ==,
                   "Import configuration");
  g_assert_true (strstr (label_text (fixture, "warning_label"), "erases the current configuration "
                                                               "of “Staging”") != NULL);
  g_assert_true (shows (fixture, "Drag and drop a configuration file here"));
  g_assert_nonnull (eoc_test_find_button (GTK_WIDGET (fixture->dialog), "choose file"));
  g_assert_true (gtk_widget_is_sensitive (eoc_test_find_button (GTK_WIDGET (fixture->dialog),
                                                                "choose file")));
  g_assert_true (shows (fixture, "A ZIP archive downloaded from a backup, for version 2.1.0"));
  g_assert_false (import_sensitive (fixture));
  g_assert_cmpstr (page (fixture), ==, "choose");
}

/* A dropped file uploads, shows its name, size, version and changes; the
 * trash removes it from the dialog and the service; the file itself stays. */
static void
test_drop_and_trash (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GFile) file = download_configuration (fixture, "Production", "production.zip");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *upload_id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;
  AdwExpanderRow *changes_row;
  UploadGone gone = { fixture, NULL };

  g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));
  open_dialog (fixture);

  g_assert_true (drop_files (fixture, file, NULL));
  g_assert_cmpstr (page (fixture), !=, "choose");
  g_assert_true (shows (fixture, "production.zip"));
  g_assert_false (import_sensitive (fixture));

  wait_for_page (fixture, "uploaded");
  g_assert_true (shows (fixture, "production.zip"));
  g_assert_true (import_sensitive (fixture));
  g_assert_true (gtk_widget_get_mapped (child (fixture, "trash_button")));
  g_assert_true (gtk_switch_get_active (child (fixture, "backup_switch")));
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (child (fixture, "file_row")),
                                   " · Version 2.1.0"));

  /* What would change: Production's settings in place of Staging's. */
  g_assert_true (wait_for (changes_known, fixture, 10000));
  changes_row = child (fixture, "changes_row");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (changes_row)));
  g_assert_false (gtk_widget_get_visible (child (fixture, "no_changes_row")));
  g_assert_true (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (changes_row)),
                         "settings changed") != NULL);
  adw_expander_row_set_expanded (changes_row, TRUE);
  eoc_test_wait (300);
  g_assert_true (shows (fixture, "database/host"));
  g_assert_true (shows (fixture, "\"db.staging.internal\" → \"db.prod.internal\""));

  /* On the service: one upload. */
  upload_id = only_upload_id (fixture);
  gone.upload_id = upload_id;
  g_assert_false (upload_gone (&gone));

  click (child (fixture, "trash_button"));
  g_assert_cmpstr (page (fixture), ==, "choose");
  wait_for_page (fixture, "choose");
  g_assert_true (shows (fixture, "Drag and drop a configuration file here"));
  g_assert_false (shows (fixture, "production.zip"));
  g_assert_false (import_sensitive (fixture));
  g_assert_true (wait_for (upload_gone, &gone, 10000));
  g_assert_cmpuint (count_uploads (fixture), ==, 0);

  /* The user's file is untouched. */
  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);

  /* Another file can be dropped now: the environment's own, which changes nothing. */
  {
    g_autoptr(GFile) same = download_configuration (fixture, "Staging", "staging.zip");

    g_assert_true (drop_files (fixture, same, NULL));
    wait_for_page (fixture, "uploaded");
    g_assert_true (wait_for (changes_known, fixture, 10000));
    g_assert_true (shows (fixture, "staging.zip"));
    g_assert_true (shows (fixture, "No changes"));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (changes_row)));
    g_assert_true (import_sensitive (fixture));
  }

  g_assert_cmpuint (fixture->operations->len, ==, 0);
}

typedef struct {
  Fixture    *fixture;
  const char *id;
} OperationDone;

static gboolean
operation_done (gpointer user_data)
{
  OperationDone *check = user_data;
  EocClient *client = check->fixture->client;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  eoc_client_get_operation_async (client, check->id, NULL, got_result_cb, &result);
  operation = eoc_client_get_operation_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (eoc_operation_get_state (operation), !=, EOC_OPERATION_STATE_FAILED);
  if (eoc_operation_get_state (operation) != EOC_OPERATION_STATE_SUCCEEDED)
    {
      eoc_test_wait (100);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
list_activity (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *activity;

  eoc_client_list_activity_async (fixture->client, eoc_environment_get_id (fixture->staging), 50,
                                  NULL, NULL, got_result_cb, &result);
  activity = eoc_client_list_activity_finish (fixture->client, wait_result (&result), NULL, &error);
  g_assert_no_error (error);
  return activity;
}

static guint
count_actions (GPtrArray  *activity,
               const char *action)
{
  guint count = 0;

  for (guint i = 0; i < activity->len; i++)
    if (g_strcmp0 (eoc_activity_get_action (g_ptr_array_index (activity, i)), action) == 0)
      count++;
  return count;
}

/* Import restores the file: operation-started, a lasting toast, the dialog
 * closes, and the service shows the import (with a safety backup first). */
static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GFile) file = download_configuration (fixture, "Production", "production.zip");
  g_autoptr(GPtrArray) activity_before = list_activity (fixture);
  g_autoptr(GPtrArray) activity_after = NULL;
  g_autoptr(GFile) again = NULL;
  OperationDone done = { fixture, NULL };
  AdwToast *toast;

  open_dialog (fixture);
  eoc_import_dialog_upload_file (fixture->dialog, file);
  wait_for_page (fixture, "uploaded");
  g_assert_true (wait_for (changes_known, fixture, 10000));

  click (eoc_test_find_button (GTK_WIDGET (fixture->dialog), "Import"));
  g_assert_false (import_sensitive (fixture));
  g_assert_true (wait_for (dialog_gone, fixture, 10000));

  /* operation-started, then a lasting toast, then the dialog is gone. */
  g_assert_cmpuint (fixture->operations->len, ==, 1);
  g_assert_null (fixture->dialog);
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  toast = g_ptr_array_index (fixture->toasts, 0);
  g_assert_true (strstr (adw_toast_get_title (toast), "“Staging” is being updated") != NULL);
  g_assert_true (strstr (adw_toast_get_title (toast), "up to one hour") != NULL);
  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 0);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "Dismiss");

  done.id = eoc_operation_get_id (g_ptr_array_index (fixture->operations, 0));
  g_assert_true (wait_for (operation_done, &done, 30000));

  /* The activity log has the import, and the backup made first. */
  activity_after = list_activity (fixture);
  g_assert_cmpuint (count_actions (activity_after, "configuration_imported"), ==,
                    count_actions (activity_before, "configuration_imported") + 1);
  g_assert_cmpuint (count_actions (activity_after, "backup_created"), >,
                    count_actions (activity_before, "backup_created"));

  /* Staging now has Production's configuration: the same file changes nothing. */
  again = download_configuration (fixture, "Production", "production-again.zip");
  open_dialog (fixture);
  g_assert_true (drop_files (fixture, again, NULL));
  wait_for_page (fixture, "uploaded");
  g_assert_true (wait_for (changes_known, fixture, 10000));
  g_assert_true (shows (fixture, "No changes"));

  /* Closing the dialog without importing discards the upload. */
  gtk_window_close (GTK_WINDOW (fixture->dialog));
  g_assert_true (wait_for (no_uploads, fixture, 10000));
}

/* Files that are not configurations, or not for this version, are refused
 * with the service's reason; the drop area is back and Import stays off. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GFile) text = write_file (fixture, "notes.txt", "These are my notes, not a ZIP.\n");
  g_autoptr(GFile) older = download_configuration (fixture, "QA", "qa-2.0.0.zip");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) expected = NULL;
  g_autoptr(EocUpload) upload = NULL;
  g_autoptr(EocEnvironment) staging_after = NULL;
  g_autofree char *reason = NULL;

  /* What the service says about the text file, asked directly. */
  eoc_client_upload_configuration_async (fixture->client, eoc_environment_get_id (fixture->staging),
                                         text, NULL, NULL, NULL, NULL, got_result_cb, &result);
  upload = eoc_client_upload_configuration_finish (fixture->client, wait_result (&result),
                                                   &expected);
  g_assert_null (upload);
  g_assert_error (expected, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_CONFIGURATION);
  reason = eoc_client_error_dup_reason (expected);
  g_assert_nonnull (reason);

  open_dialog (fixture);
  g_assert_true (drop_files (fixture, text, NULL));
  g_assert_cmpstr (page (fixture), ==, "uploading");
  wait_for_page (fixture, "choose");
  g_assert_true (shows (fixture, "“notes.txt” cannot be imported"));
  g_assert_cmpstr (label_text (fixture, "refusal_label"), ==, expected->message);
  g_assert_true (strstr (label_text (fixture, "refusal_label"), reason) != NULL);
  g_assert_true (shows (fixture, "Drag and drop a configuration file here"));
  g_assert_false (import_sensitive (fixture));

  /* Another version: both versions, and the environment must be updated first. */
  g_assert_true (drop_files (fixture, older, NULL));
  g_assert_cmpstr (page (fixture), ==, "uploading");
  g_assert_false (gtk_widget_get_visible (child (fixture, "refusal_box")));
  wait_for_page (fixture, "choose");
  g_assert_true (shows (fixture, "“qa-2.0.0.zip” cannot be imported"));
  g_assert_true (strstr (label_text (fixture, "refusal_label"), "2.0.0") != NULL);
  g_assert_true (strstr (label_text (fixture, "refusal_label"), "2.1.0") != NULL);
  g_assert_true (strstr (label_text (fixture, "refusal_label"), "Update the environment") != NULL);
  g_assert_false (import_sensitive (fixture));

  /* Several files at once, and a folder: refused before anything is sent. */
  g_assert_false (drop_files (fixture, text, older, NULL));
  g_assert_cmpstr (page (fixture), ==, "choose");
  g_assert_true (shows (fixture, "2 files were dropped"));
  g_assert_true (shows (fixture, "Only one configuration file can be imported. Drop one file."));
  {
    g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);

    g_assert_true (drop_files (fixture, folder, NULL));
    wait_for_page (fixture, "choose");
    eoc_test_wait (200);
    g_assert_true (strstr (label_text (fixture, "refusal_label"), "It is a folder") != NULL);
  }
  g_assert_false (import_sensitive (fixture));

  /* Something that is not a file on this computer (never fetched). */
  {
    g_autoptr(GFile) remote = g_file_new_for_uri ("https://files.invalid/remote.zip");

    g_assert_false (g_file_is_native (remote));
    g_assert_false (drop_files (fixture, remote, NULL));
    g_assert_cmpstr (page (fixture), ==, "choose");
    g_assert_true (shows (fixture, "“remote.zip” cannot be imported"));
    g_assert_true (strstr (label_text (fixture, "refusal_label"), "not a file on this computer")
                   != NULL);
  }
  g_assert_false (import_sensitive (fixture));

  /* Nothing was kept and nothing changed. */
  g_assert_cmpuint (count_uploads (fixture), ==, 0);
  staging_after = get_environment (fixture->client, eoc_environment_get_id (fixture->staging));
  g_assert_true (g_date_time_equal (eoc_environment_get_updated_at (fixture->staging),
                                    eoc_environment_get_updated_at (staging_after)));
  g_assert_cmpuint (fixture->operations->len, ==, 0);
}

/* A failure after the upload shows in the dialog too: the upload is gone from
 * the service when Import is selected. (A viewer's upload, refused before its
 * body is sent, is not tested here: the client crashes now and then on that
 * early refusal, in libsoup's asynchronous close of the answer.) */
static void
test_import_fails (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = download_configuration (fixture, "Production", "production.zip");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *upload_id = NULL;

  open_dialog (fixture);
  g_assert_true (drop_files (fixture, file, NULL));
  wait_for_page (fixture, "uploaded");

  /* Discarded elsewhere (or expired) before Import. */
  upload_id = only_upload_id (fixture);
  eoc_client_discard_upload_async (fixture->client, eoc_environment_get_id (fixture->staging),
                                   upload_id, NULL, got_result_cb, &result);
  g_assert_true (eoc_client_discard_upload_finish (fixture->client, wait_result (&result),
                                                   &error));
  g_assert_no_error (error);

  click (eoc_test_find_button (GTK_WIDGET (fixture->dialog), "Import"));
  wait_for_page (fixture, "choose");
  g_assert_nonnull (fixture->dialog);
  g_assert_true (shows (fixture, "“production.zip” cannot be imported"));
  g_assert_true (strstr (label_text (fixture, "refusal_label"), "refresh, then try again") != NULL);
  g_assert_false (import_sensitive (fixture));
  g_assert_cmpuint (fixture->operations->len, ==, 0);
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
  g_assert_cmpuint (count_uploads (fixture), ==, 0);
}

static gboolean
progress_shown (gpointer user_data)
{
  Fixture *fixture = user_data;

  return gtk_progress_bar_get_fraction (child (fixture, "upload_progress")) > 0.0;
}

/* Cancelling as soon as progress shows leaves nothing on the service. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GFile) big = write_big_configuration (fixture, "big.zip", "2.1.0", 50 * 1024 * 1024);
  g_autoptr(EocEnvironment) staging_after = NULL;
  const char *progress;

  open_dialog (fixture);
  g_assert_true (drop_files (fixture, big, NULL));
  g_assert_true (wait_for (progress_shown, fixture, 30000));
  g_assert_cmpstr (page (fixture), ==, "uploading");
  g_assert_true (shows (fixture, "big.zip"));
  progress = label_text (fixture, "progress_label");
  g_test_message ("Progress shown: %s", progress);
  /* g_format_size() puts a no-break space before the unit. */
  g_assert_true (g_regex_match_simple ("^[0-9.,]+\\x{a0}[kMG]?B of 52[.,]4\\x{a0}MB \\([0-9]+%\\)$",
                                       progress, 0, 0));

  click (child (fixture, "cancel_upload_button"));
  g_assert_cmpstr (page (fixture), ==, "choose");
  wait_for_page (fixture, "choose");
  g_assert_true (shows (fixture, "Drag and drop a configuration file here"));
  g_assert_false (gtk_widget_get_visible (child (fixture, "refusal_box")));
  g_assert_false (import_sensitive (fixture));

  /* Let the service notice and the client clean up. */
  eoc_test_wait (1500);
  g_assert_true (wait_for (no_uploads, fixture, 10000));
  staging_after = get_environment (fixture->client, eoc_environment_get_id (fixture->staging));
  g_assert_true (g_date_time_equal (eoc_environment_get_updated_at (fixture->staging),
                                    eoc_environment_get_updated_at (staging_after)));
  g_assert_cmpstr (eoc_environment_get_version (staging_after), ==, "2.1.0");

  /* The same big file goes through when left alone, and the dialog closed
   * while it uploads leaves nothing either. */
  g_assert_true (drop_files (fixture, big, NULL));
  g_assert_true (wait_for (progress_shown, fixture, 30000));
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_assert_true (wait_for (dialog_gone, fixture, 10000));
  eoc_test_wait (1500);
  g_assert_true (wait_for (no_uploads, fixture, 10000));
}

int
main (int   argc,
      char *argv[])
{
  eoc_test_app_init (&argc, &argv);
  g_type_ensure (EOC_TYPE_IMPORT_DIALOG);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/import-dialog/empty", test_empty);
  ADD ("/import-dialog/drop-and-trash", test_drop_and_trash);
  ADD ("/import-dialog/import", test_import);
  ADD ("/import-dialog/import-fails", test_import_fails);
  ADD ("/import-dialog/refused", test_refused);
  ADD ("/import-dialog/cancel", test_cancel);

#undef ADD

  return g_test_run ();
}
