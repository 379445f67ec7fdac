/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Create Backup and Restore Backup dialogs against the real service: the
 * suggested name, the name's checks as the user types, saving, the changes a
 * restore makes, restoring with a safety backup, and backups of another
 * version.
 */

#include "config.h"

#include <string.h>

#include "eoc-backup-dialog.h"
#include "eoc-restore-dialog.h"
#include "test-app-utils.h"

static const char *server_args[] = { "--demo", "--apply-delay", "0", NULL };

#define WAIT_MS 15000

typedef struct {
  EocTestServer *server;
  EocClient     *client;        /* the operator's, for the dialogs */
  EocClient     *other;         /* the administrator's, for changes made elsewhere */
  GtkWindow     *dialog;        /* weak */
  char          *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = eoc_test_server_new (server_args);
  fixture->client = eoc_test_client_new (fixture->server->url, fixture->server->operator_token);
  fixture->other = eoc_test_client_new (fixture->server->url, fixture->server->admin_token);
  fixture->dir = g_dir_make_tmp ("eoc-test-dialogs-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (fixture->dialog);
  eoc_test_wait (100);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->other);
  eoc_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  eoc_test_server_free (fixture->server);
}

static void
keep_dialog (Fixture   *fixture,
             GtkWindow *dialog)
{
  fixture->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &fixture->dialog);
  gtk_window_present (dialog);
}

static gboolean
dialog_closed (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->dialog == NULL || !gtk_widget_get_visible (GTK_WIDGET (fixture->dialog));
}

/* Waiting on the client. */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_set (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  g_assert_true (eoc_test_wait_until (result_set, slot, WAIT_MS));
  return *slot;
}

static EocEnvironment *
get_environment (EocClient  *client,
                 const char *name)
{
  g_autofree char *id = eoc_test_environment_id (client, name);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EocEnvironment *environment;

  eoc_client_get_environment_async (client, id, NULL, store_result_cb, &result);
  environment = eoc_client_get_environment_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  return environment;
}

static GPtrArray *
list_backups (EocClient      *client,
              EocEnvironment *environment)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *backups;

  eoc_client_list_backups_async (client, eoc_environment_get_id (environment), NULL, 500, NULL,
                                 NULL, store_result_cb, &result);
  backups = eoc_client_list_backups_finish (client, wait_result (&result), NULL, &error);
  g_assert_no_error (error);
  return backups;
}

static EocBackup *
find_backup (EocClient      *client,
             EocEnvironment *environment,
             const char     *name)
{
  g_autoptr(GPtrArray) backups = list_backups (client, environment);

  for (guint i = 0; i < backups->len; i++)
    if (g_strcmp0 (eoc_backup_get_name (g_ptr_array_index (backups, i)), name) == 0)
      return g_object_ref (g_ptr_array_index (backups, i));

  return NULL;
}

static EocOperation *
wait_operation (EocClient  *client,
                const char *operation_id)
{
  for (guint i = 0; i < WAIT_MS / 100; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(EocOperation) operation = NULL;

      eoc_client_get_operation_async (client, operation_id, NULL, store_result_cb, &result);
      operation = eoc_client_get_operation_finish (client, wait_result (&result), &error);
      g_assert_no_error (error);
      if (eoc_operation_is_finished (operation))
        return g_steal_pointer (&operation);
      eoc_test_wait (100);
    }

  g_assert_not_reached ();
}

static void
assert_succeeds (EocClient    *client,
                 EocOperation *operation)
{
  g_autoptr(EocOperation) finished = NULL;

  g_assert_nonnull (operation);
  finished = wait_operation (client, eoc_operation_get_id (operation));
  g_assert_cmpstr (eoc_operation_get_error (finished), ==, NULL);
  g_assert_cmpint (eoc_operation_get_state (finished), ==, EOC_OPERATION_STATE_SUCCEEDED);
}

static EocBackup *
make_backup (EocClient      *client,
             EocEnvironment *environment,
             const char     *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(EocBackup) backup = NULL;

  eoc_client_create_backup_async (client, eoc_environment_get_id (environment), name, NULL,
                                  store_result_cb, &result);
  backup = eoc_client_create_backup_finish (client, wait_result (&result), &operation, &error);
  g_assert_no_error (error);
  assert_succeeds (client, operation);

  return find_backup (client, environment, name);
}

static void
update_environment (EocClient      *client,
                    EocEnvironment *environment,
                    const char     *version)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) operation = NULL;

  eoc_client_update_environment_async (client, eoc_environment_get_id (environment), version,
                                       FALSE, NULL, store_result_cb, &result);
  operation = eoc_client_update_environment_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  assert_succeeds (client, operation);
}

/* The version that the service lists right after @version. */
static char *
next_version (EocClient  *client,
              const char *version)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) versions = NULL;

  eoc_client_list_versions_async (client, NULL, store_result_cb, &result);
  versions = eoc_client_list_versions_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);

  for (guint i = 0; versions[i] != NULL; i++)
    if (g_str_equal (versions[i], version) && versions[i + 1] != NULL)
      return g_strdup (versions[i + 1]);

  g_assert_not_reached ();
}

/* A configuration file: a ZIP archive, entries stored, written here. */

static guint32
crc32_of (const char *data,
          gsize       size)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < size; i++)
    {
      crc ^= (guchar) data[i];
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }

  return ~crc;
}

static void
put16 (GByteArray *bytes,
       guint16     value)
{
  guint8 le[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (bytes, le, 2);
}

static void
put32 (GByteArray *bytes,
       guint32     value)
{
  put16 (bytes, value & 0xffff);
  put16 (bytes, value >> 16);
}

static void
write_zip (const char        *path,
           const char *const *entries)   /* name, content pairs */
{
  g_autoptr(GByteArray) zip = g_byte_array_new ();
  g_autoptr(GByteArray) directory = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint n = 0;
  guint32 directory_offset;

  for (guint i = 0; entries[i] != NULL; i += 2, n++)
    {
      const char *name = entries[i], *content = entries[i + 1];
      guint32 size = strlen (content), crc = crc32_of (content, size);
      guint32 offset = zip->len;

      put32 (zip, 0x04034b50);
      put16 (zip, 20);
      put16 (zip, 0);                /* flags */
      put16 (zip, 0);                /* stored */
      put16 (zip, 0);                /* time */
      put16 (zip, 0x21);             /* 1 January 1980 */
      put32 (zip, crc);
      put32 (zip, size);
      put32 (zip, size);
      put16 (zip, strlen (name));
      put16 (zip, 0);
      g_byte_array_append (zip, (const guint8 *) name, strlen (name));
      g_byte_array_append (zip, (const guint8 *) content, size);

      put32 (directory, 0x02014b50);
      put16 (directory, 20);
      put16 (directory, 20);
      put16 (directory, 0);
      put16 (directory, 0);
      put16 (directory, 0);
      put16 (directory, 0x21);
      put32 (directory, crc);
      put32 (directory, size);
      put32 (directory, size);
      put16 (directory, strlen (name));
      put16 (directory, 0);          /* extra */
      put16 (directory, 0);          /* comment */
      put16 (directory, 0);          /* disk */
      put16 (directory, 0);          /* internal attributes */
      put32 (directory, 0);          /* external attributes */
      put32 (directory, offset);
      g_byte_array_append (directory, (const guint8 *) name, strlen (name));
    }

  directory_offset = zip->len;
  g_byte_array_append (zip, directory->data, directory->len);
  put32 (zip, 0x06054b50);
  put16 (zip, 0);
  put16 (zip, 0);
  put16 (zip, n);
  put16 (zip, n);
  put32 (zip, directory->len);
  put32 (zip, directory_offset);
  put16 (zip, 0);

  g_file_set_contents (path, (const char *) zip->data, zip->len, &error);
  g_assert_no_error (error);
}

/* Staging's demo configuration with another database host, no region, a debug
 * switch and a single file of other content. */
static void
change_staging (Fixture        *fixture,
                EocEnvironment *staging)
{
  static const char *const entries[] = {
    "manifest.json",
    "{\"format\":\"env-ops-center-configuration\",\"format_version\":1,"
    "\"environment_version\":\"2.1.0\",\"taken_at\":\"2026-11-22T10:04:05Z\","
    "\"environment\":{\"id\":\"test\",\"name\":\"Test\",\"type\":\"non_production\"},"
    "\"settings\":{\"database\":{\"host\":\"db.replica.internal\",\"port\":5432,\"pool_size\":16,"
    "\"tls\":true},\"features\":{\"audit_log\":true,\"single_sign_on\":false,"
    "\"maintenance_banner\":false},\"retention\":{\"logs_days\":14,\"metrics_days\":30},"
    "\"integrations\":[\"ldap\",\"smtp\"],\"debug\":true}}",
    "files/certificates/ca.pem", "not the demo certificate\n",
    NULL
  };
  g_autofree char *path = g_build_filename (fixture->dir, "changed.zip", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) upload = NULL;
  g_autoptr(EocOperation) operation = NULL;

  write_zip (path, entries);
  eoc_client_upload_configuration_async (fixture->other, eoc_environment_get_id (staging), file,
                                         NULL, NULL, NULL, NULL, store_result_cb, &result);
  upload = eoc_client_upload_configuration_finish (fixture->other, wait_result (&result), &error);
  g_assert_no_error (error);

  eoc_client_import_upload_async (fixture->other, eoc_environment_get_id (staging),
                                  eoc_upload_get_id (upload), FALSE, NULL, store_result_cb,
                                  &imported);
  operation = eoc_client_import_upload_finish (fixture->other, wait_result (&imported), &error);
  g_assert_no_error (error);
  assert_succeeds (fixture->other, operation);
}

/* Reading the dialogs. */

typedef struct {
  GtkWidget  *widget;
  const char *text;
} Shows;

static gboolean
shows (gpointer user_data)
{
  Shows *shows = user_data;

  return eoc_test_widget_shows (shows->widget, shows->text);
}

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  Shows check = { widget, text };

  return eoc_test_wait_until (shows, &check, WAIT_MS);
}

/* Whether a visible label under @widget contains @part. */
static gboolean
shows_part (GtkWidget  *widget,
            const char *part)
{
  g_autofree char *all = eoc_test_widget_text (widget);

  return strstr (all, part) != NULL;
}

static GtkEditable *
name_field (GtkWindow *dialog)
{
  g_autoptr(GPtrArray) rows = eoc_test_find_widgets (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);

  g_assert_cmpuint (rows->len, ==, 1);
  return g_ptr_array_index (rows, 0);
}

static gboolean
has_text (gpointer user_data)
{
  return *gtk_editable_get_text (user_data) != '\0';
}

static GtkWidget *
button (GtkWindow  *dialog,
        const char *label)
{
  GtkWidget *found = eoc_test_find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (found);
  return found;
}

static gboolean
insensitive (gpointer user_data)
{
  return !gtk_widget_is_sensitive (user_data);
}

static gboolean
sensitive (gpointer user_data)
{
  return gtk_widget_is_sensitive (user_data);
}

static void
store_operation_cb (gpointer      dialog,
                    EocOperation *operation,
                    gpointer      user_data)
{
  g_set_object ((EocOperation **) user_data, operation);
}

static void
store_toast_cb (gpointer  dialog,
                AdwToast *toast,
                gpointer  user_data)
{
  g_set_object ((AdwToast **) user_data, toast);
  /* The window's overlay would take the toast; here the test does. */
  g_object_unref (toast);
}

static void
store_version_cb (gpointer    dialog,
                  const char *version,
                  gpointer    user_data)
{
  g_free (*(char **) user_data);
  *(char **) user_data = g_strdup (version);
}

/* Create Backup. */

/* It opens with a unique generated name, selected, and Save ready. */
static void
test_create_suggested (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = get_environment (fixture->client, "Staging");
  g_autoptr(EocBackup) existing = NULL;
  GtkWindow *dialog;
  GtkEditable *field;
  GtkWidget *focus;
  int start, end;

  dialog = GTK_WINDOW (eoc_backup_dialog_new (NULL, fixture->client, staging));
  keep_dialog (fixture, dialog);
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Create Backup");
  g_assert_true (gtk_window_get_modal (dialog));

  field = name_field (dialog);
  g_assert_true (eoc_test_wait_until (has_text, field, WAIT_MS));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Backup Name"));
  g_assert_true (gtk_widget_is_sensitive (button (dialog, "Save")));
  g_assert_nonnull (button (dialog, "Cancel"));

  /* The name is unique: no backup has it. */
  existing = find_backup (fixture->client, staging, gtk_editable_get_text (field));
  g_assert_null (existing);

  /* Focused, all selected: typing replaces it. */
  focus = gtk_window_get_focus (dialog);
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (field) || gtk_widget_is_ancestor (focus, GTK_WIDGET (field)));
  g_assert_true (gtk_editable_get_selection_bounds (field, &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, g_utf8_strlen (gtk_editable_get_text (field), -1));

  /* Still fine once the service has been asked. */
  eoc_test_wait (600);
  g_assert_true (gtk_widget_is_sensitive (button (dialog, "Save")));
  g_assert_false (shows_part (GTK_WIDGET (dialog), "already exists"));

  /* Escape closes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  g_assert_true (eoc_test_wait_until (dialog_closed, fixture, 1000));
}

/* Empty, too long, control characters, taken: Save waits, and the field says why. */
static void
test_create_checks_name (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = get_environment (fixture->client, "Staging");
  g_autoptr(EocBackup) nightly = NULL;
  g_autofree char *long_name = NULL;
  GtkWindow *dialog;
  GtkEditable *field;
  GtkWidget *save;

  nightly = make_backup (fixture->other, staging, "Nightly check");
  g_assert_nonnull (nightly);

  dialog = GTK_WINDOW (eoc_backup_dialog_new (NULL, fixture->client, staging));
  keep_dialog (fixture, dialog);
  field = name_field (dialog);
  g_assert_true (eoc_test_wait_until (has_text, field, WAIT_MS));
  save = button (dialog, "Save");

  gtk_editable_set_text (field, "");
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Enter a name for the backup"));

  gtk_editable_set_text (field, "   ");
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Enter a name for the backup"));

  long_name = g_strnfill (101, 'a');
  gtk_editable_set_text (field, long_name);
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog),
                                        "The name can be at most 100 characters long"));

  gtk_editable_set_text (field, "Before\tthe release");
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_true (shows_part (GTK_WIDGET (dialog), "cannot contain control characters"));

  /* The service compares names without regard to case; spaces around do not count. */
  gtk_editable_set_text (field, " nightly CHECK ");
  g_assert_true (shows_text (GTK_WIDGET (dialog), "A backup with this name already exists"));
  g_assert_false (gtk_widget_is_sensitive (save));

  /* A name that only contains the taken one is free. */
  gtk_editable_set_text (field, "Nightly check 2");
  g_assert_true (eoc_test_wait_until (sensitive, save, 1000));
  g_assert_false (eoc_test_widget_shows (GTK_WIDGET (dialog), "A backup with this name already exists"));
  eoc_test_wait (600);
  g_assert_true (gtk_widget_is_sensitive (save));

  /* The demo's own backup, typed exactly. */
  gtk_editable_set_text (field, "Initial configuration");
  g_assert_true (shows_text (GTK_WIDGET (dialog), "A backup with this name already exists"));
  g_assert_false (gtk_widget_is_sensitive (save));
}

/* Save makes the backup: operation-started, the dialog closes, the backup is there. */
static void
test_create_saves (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = get_environment (fixture->client, "Staging");
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(EocBackup) backup = NULL;
  GtkWindow *dialog;
  GtkEditable *field;

  dialog = GTK_WINDOW (eoc_backup_dialog_new (NULL, fixture->client, staging));
  g_signal_connect (dialog, "operation-started", G_CALLBACK (store_operation_cb), &operation);
  keep_dialog (fixture, dialog);
  field = name_field (dialog);
  g_assert_true (eoc_test_wait_until (has_text, field, WAIT_MS));

  gtk_editable_set_text (field, "  Before the release  ");
  g_assert_true (gtk_widget_is_sensitive (button (dialog, "Save")));
  gtk_widget_activate (button (dialog, "Save"));

  g_assert_true (eoc_test_wait_until (dialog_closed, fixture, WAIT_MS));
  g_assert_nonnull (operation);
  g_assert_cmpint (eoc_operation_get_kind (operation), ==, EOC_OPERATION_KIND_BACKUP);
  assert_succeeds (fixture->client, operation);

  /* Saved as the service keeps names: without the spaces around. */
  backup = find_backup (fixture->client, staging, "Before the release");
  g_assert_nonnull (backup);
  g_assert_cmpint (eoc_backup_get_state (backup), ==, EOC_BACKUP_STATE_AVAILABLE);
}

/* Taken between the check and Save: said in the field, the dialog stays. */
static void
test_create_taken_meanwhile (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = get_environment (fixture->client, "Staging");
  g_autoptr(EocBackup) other_backup = NULL;
  g_autoptr(EocOperation) operation = NULL;
  GtkWindow *dialog;
  GtkEditable *field;
  GtkWidget *save;

  dialog = GTK_WINDOW (eoc_backup_dialog_new (NULL, fixture->client, staging));
  g_signal_connect (dialog, "operation-started", G_CALLBACK (store_operation_cb), &operation);
  keep_dialog (fixture, dialog);
  field = name_field (dialog);
  g_assert_true (eoc_test_wait_until (has_text, field, WAIT_MS));
  save = button (dialog, "Save");

  gtk_editable_set_text (field, "Race");
  eoc_test_wait (600);
  g_assert_true (gtk_widget_is_sensitive (save));

  other_backup = make_backup (fixture->other, staging, "Race");
  g_assert_nonnull (other_backup);

  gtk_widget_activate (save);
  g_assert_true (shows_text (GTK_WIDGET (dialog), "A backup with this name already exists"));
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_false (dialog_closed (fixture));
  g_assert_null (operation);
  g_assert_true (gtk_editable_get_editable (field));

  /* Another name, and it goes. */
  gtk_editable_set_text (field, "Race 2");
  g_assert_true (eoc_test_wait_until (sensitive, save, 1000));
  gtk_widget_activate (save);
  g_assert_true (eoc_test_wait_until (dialog_closed, fixture, WAIT_MS));
  g_assert_nonnull (operation);
  assert_succeeds (fixture->client, operation);
}

/* A viewer may not: the service's reason shows in the dialog, which stays open. */
static void
test_create_forbidden (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(EocClient) viewer = eoc_test_client_new (fixture->server->url,
                                                     fixture->server->viewer_token);
  g_autoptr(EocEnvironment) staging = get_environment (viewer, "Staging");
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(GPtrArray) before = list_backups (fixture->client, staging);
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *text = NULL;
  GtkWindow *dialog;
  GtkEditable *field;
  GtkWidget *save;

  dialog = GTK_WINDOW (eoc_backup_dialog_new (NULL, viewer, staging));
  g_signal_connect (dialog, "operation-started", G_CALLBACK (store_operation_cb), &operation);
  keep_dialog (fixture, dialog);
  field = name_field (dialog);
  g_assert_true (eoc_test_wait_until (has_text, field, WAIT_MS));
  save = button (dialog, "Save");

  text = eoc_test_widget_text (GTK_WIDGET (dialog));
  gtk_widget_activate (save);
  g_assert_true (eoc_test_wait_until (insensitive, save, 1000));
  g_assert_true (eoc_test_wait_until (sensitive, save, WAIT_MS));

  /* Something more is said, and it is not about the name. */
  g_assert_false (shows_part (GTK_WIDGET (dialog), "already exists"));
  g_assert_true (shows_part (GTK_WIDGET (dialog), "Your role does not allow this"));
  g_assert_false (dialog_closed (fixture));
  g_assert_null (operation);

  after = list_backups (fixture->client, staging);
  g_assert_cmpuint (after->len, ==, before->len);
}

/* Restore Backup. */

static GtkWindow *
open_restore (Fixture        *fixture,
              EocClient      *client,
              EocEnvironment *environment,
              EocBackup      *backup)
{
  GtkWindow *dialog = GTK_WINDOW (eoc_restore_dialog_new (NULL, client, environment, backup));

  keep_dialog (fixture, dialog);
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Restore Backup");
  return dialog;
}

/* The warning, the backup, what changes; then Restore with the safety backup. */
static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = get_environment (fixture->client, "Staging");
  g_autoptr(EocBackup) backup = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(AdwToast) toast = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) switches = NULL;
  GtkWindow *dialog;
  GtkWidget *restore;

  backup = make_backup (fixture->other, staging, "Before the replica");
  g_assert_nonnull (backup);
  change_staging (fixture, staging);
  before = list_backups (fixture->client, staging);

  dialog = open_restore (fixture, fixture->client, staging, backup);
  g_signal_connect (dialog, "operation-started", G_CALLBACK (store_operation_cb), &operation);
  g_signal_connect (dialog, "add-toast", G_CALLBACK (store_toast_cb), &toast);

  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog),
                                        "Restoring this backup erases the current configuration "
                                        "of “Staging” and replaces it with the backup’s."));
  g_assert_true (shows_part (GTK_WIDGET (dialog), "Make sure you have a backup"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Before the replica"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "2.1.0"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Created"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Back up current configuration first"));

  /* What restoring changes, counted per kind. */
  g_assert_true (shows_text (GTK_WIDGET (dialog),
                             "1 setting changed, 1 added, 1 removed, 1 file changed, 2 added"));

  restore = button (dialog, "Restore");
  g_assert_true (gtk_widget_is_sensitive (restore));
  g_assert_true (gtk_widget_has_css_class (restore, "destructive-action"));
  g_assert_null (eoc_test_find_button (GTK_WIDGET (dialog), "Update Environment…"));

  switches = eoc_test_find_widgets (GTK_WIDGET (dialog), GTK_TYPE_SWITCH);
  g_assert_cmpuint (switches->len, ==, 1);
  g_assert_true (gtk_switch_get_active (g_ptr_array_index (switches, 0)));

  gtk_widget_activate (restore);
  g_assert_true (eoc_test_wait_until (dialog_closed, fixture, WAIT_MS));
  g_assert_nonnull (operation);
  g_assert_cmpint (eoc_operation_get_kind (operation), ==, EOC_OPERATION_KIND_RESTORE);

  /* The guide's message, which stays until dismissed. */
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "is being updated"));
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "up to one hour"));
  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 0);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "Dismiss");

  assert_succeeds (fixture->client, operation);

  /* One more backup: the safety one. */
  after = list_backups (fixture->client, staging);
  g_assert_cmpuint (after->len, ==, before->len + 1);
}

/* Nothing to change: said so; Restore is still offered. */
static void
test_restore_no_changes (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = get_environment (fixture->client, "Staging");
  g_autoptr(EocBackup) backup = find_backup (fixture->client, staging, "Initial configuration");
  GtkWindow *dialog;

  g_assert_nonnull (backup);
  dialog = open_restore (fixture, fixture->client, staging, backup);
  g_assert_true (shows_text (GTK_WIDGET (dialog),
                             "No changes: the backup matches the current configuration"));
  g_assert_true (gtk_widget_is_sensitive (button (dialog, "Restore")));
}

/* A viewer may not restore: the reason shows in the dialog, which stays; nothing changes. */
static void
test_restore_forbidden (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(EocClient) viewer = eoc_test_client_new (fixture->server->url,
                                                     fixture->server->viewer_token);
  g_autoptr(EocEnvironment) staging = get_environment (viewer, "Staging");
  g_autoptr(EocBackup) backup = find_backup (viewer, staging, "Initial configuration");
  g_autoptr(EocOperation) operation = NULL;
  GtkWindow *dialog;
  GtkWidget *restore;

  dialog = open_restore (fixture, viewer, staging, backup);
  g_signal_connect (dialog, "operation-started", G_CALLBACK (store_operation_cb), &operation);
  restore = button (dialog, "Restore");
  gtk_widget_activate (restore);
  g_assert_true (eoc_test_wait_until (insensitive, restore, 1000));
  g_assert_true (eoc_test_wait_until (sensitive, restore, WAIT_MS));
  g_assert_true (shows_part (GTK_WIDGET (dialog), "Your role does not allow this"));
  g_assert_false (dialog_closed (fixture));
  g_assert_null (operation);
}

/* A backup of an older version than the environment's: not restorable, and why. */
static void
test_restore_older_version (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(EocEnvironment) qa = get_environment (fixture->client, "QA");
  g_autoptr(EocEnvironment) updated = NULL;
  g_autoptr(EocBackup) backup = NULL;
  g_autofree char *newer = next_version (fixture->client, eoc_environment_get_version (qa));
  g_autofree char *expected = NULL;
  GtkWindow *dialog;

  backup = make_backup (fixture->other, qa, "Before the update");
  g_assert_nonnull (backup);
  update_environment (fixture->other, qa, newer);
  updated = get_environment (fixture->client, "QA");
  g_assert_cmpstr (eoc_environment_get_version (updated), ==, newer);

  dialog = open_restore (fixture, fixture->client, updated, backup);
  expected = g_strdup_printf ("This backup was taken at version %s, and “QA” runs version %s.",
                              eoc_backup_get_version (backup), newer);
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "The Versions Do Not Match"));
  g_assert_true (shows_part (GTK_WIDGET (dialog), expected));
  g_assert_true (shows_part (GTK_WIDGET (dialog), "can only be updated to newer versions"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Before the update"));
  g_assert_null (eoc_test_find_button (GTK_WIDGET (dialog), "Restore"));
  /* Updating to an older version is refused by the service: not offered. */
  g_assert_null (eoc_test_find_button (GTK_WIDGET (dialog), "Update Environment…"));
  g_assert_nonnull (button (dialog, "Close"));
  g_assert_false (eoc_test_widget_shows (GTK_WIDGET (dialog), "Back up current configuration first"));
}

/* A backup of a newer version than the environment's (as the dialog was told): update first. */
static void
test_restore_newer_version (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(EocEnvironment) qa = get_environment (fixture->client, "QA");
  g_autoptr(EocBackup) backup = NULL;
  g_autofree char *newer = next_version (fixture->client, eoc_environment_get_version (qa));
  g_autofree char *requested = NULL;
  g_autofree char *expected = NULL;
  GtkWindow *dialog;

  update_environment (fixture->other, qa, newer);
  backup = make_backup (fixture->other, qa, "After the update");
  g_assert_nonnull (backup);
  g_assert_cmpstr (eoc_backup_get_version (backup), ==, newer);

  /* @qa still says the version it had when it was read. */
  dialog = open_restore (fixture, fixture->client, qa, backup);
  g_signal_connect (dialog, "update-requested", G_CALLBACK (store_version_cb), &requested);
  expected = g_strdup_printf ("Update the environment to version %s, then restore the backup.", newer);
  g_assert_true (shows_part (GTK_WIDGET (dialog), expected));
  g_assert_null (eoc_test_find_button (GTK_WIDGET (dialog), "Restore"));
  g_assert_true (gtk_widget_is_sensitive (button (dialog, "Update Environment…")));

  gtk_widget_activate (button (dialog, "Update Environment…"));
  g_assert_true (eoc_test_wait_until (dialog_closed, fixture, 1000));
  g_assert_cmpstr (requested, ==, newer);
}

/* The environment is updated while the dialog is open: the service's refusal switches it. */
static void
test_restore_refused_mismatch (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = get_environment (fixture->client, "Staging");
  g_autoptr(EocBackup) backup = find_backup (fixture->client, staging, "Initial configuration");
  g_autoptr(EocOperation) operation = NULL;
  g_autofree char *newer = next_version (fixture->client, eoc_environment_get_version (staging));
  g_autofree char *expected = NULL;
  GtkWindow *dialog;
  Shows mismatch;

  dialog = open_restore (fixture, fixture->client, staging, backup);
  g_signal_connect (dialog, "operation-started", G_CALLBACK (store_operation_cb), &operation);
  g_assert_true (gtk_widget_is_sensitive (button (dialog, "Restore")));

  update_environment (fixture->other, staging, newer);

  gtk_widget_activate (button (dialog, "Restore"));
  mismatch = (Shows) { GTK_WIDGET (dialog), "The Versions Do Not Match" };
  g_assert_true (eoc_test_wait_until (shows, &mismatch, WAIT_MS));
  expected = g_strdup_printf ("and “Staging” runs version %s", newer);
  g_assert_true (shows_part (GTK_WIDGET (dialog), expected));
  g_assert_null (eoc_test_find_button (GTK_WIDGET (dialog), "Restore"));
  g_assert_false (dialog_closed (fixture));
  g_assert_null (operation);
}

int
main (int    argc,
      char **argv)
{
  eoc_test_app_init (&argc, &argv);
  g_type_ensure (EOC_TYPE_BACKUP_DIALOG);
  g_type_ensure (EOC_TYPE_RESTORE_DIALOG);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/backup-dialogs/create/suggested", test_create_suggested);
  ADD ("/backup-dialogs/create/checks-name", test_create_checks_name);
  ADD ("/backup-dialogs/create/saves", test_create_saves);
  ADD ("/backup-dialogs/create/taken-meanwhile", test_create_taken_meanwhile);
  ADD ("/backup-dialogs/create/forbidden", test_create_forbidden);
  ADD ("/backup-dialogs/restore/restores", test_restore);
  ADD ("/backup-dialogs/restore/no-changes", test_restore_no_changes);
  ADD ("/backup-dialogs/restore/forbidden", test_restore_forbidden);
  ADD ("/backup-dialogs/restore/older-version", test_restore_older_version);
  ADD ("/backup-dialogs/restore/newer-version", test_restore_newer_version);
  ADD ("/backup-dialogs/restore/refused-mismatch", test_restore_refused_mismatch);

#undef ADD

  return g_test_run ();
}
