/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Backups view against the real service: the list and its search, the
 * schedule line, Delete with Undo, roles, and the backup and restore flows of
 * the guides through the window: what the user sees while they run and how
 * they end.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "eoc-backup-dialog.h"
#include "eoc-backup-row.h"
#include "eoc-backups-page.h"
#include "eoc-activity-list.h"
#include "eoc-activity-page.h"
#include "eoc-activity-row.h"
#include "eoc-backup-list.h"
#include "eoc-environment-page.h"
#include "eoc-import-dialog.h"
#include "eoc-restore-dialog.h"
#include "test-app-utils.h"

typedef struct {
  EocTestServer *server;
  EocWindow     *window;
  EocClient     *client;         /* "elsewhere": the test's own */
  char          *staging_id;
} Fixture;

/* The window opens as the operator, or as the viewer when @data is "viewer". */
static void
set_up (Fixture           *fixture,
        const char *const *args,
        gconstpointer      data)
{
  gboolean viewer = g_strcmp0 (data, "viewer") == 0;

  fixture->server = eoc_test_server_new (args);
  fixture->client = eoc_test_client_new (fixture->server->url, fixture->server->admin_token);
  fixture->staging_id = eoc_test_environment_id (fixture->client, "Staging");
  fixture->window = eoc_test_open_window (fixture->server->url,
                                          viewer ? fixture->server->viewer_token
                                                 : fixture->server->operator_token);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *const args[] = { "--demo", "--apply-delay", "1", NULL };

  set_up (fixture, args, data);
}

static void
fixture_set_up_failing (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *const args[] = { "--demo", "--apply-delay", "0", "--apply-command", "/bin/false",
                               NULL };

  set_up (fixture, args, data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    eoc_test_close_window (fixture->window);
  g_clear_object (&fixture->client);
  g_free (fixture->staging_id);
  eoc_test_server_free (fixture->server);
}

/* Calls on the test's own client, waited for. */

typedef struct {
  gpointer  result;
  GError   *error;
  gboolean  done;
} Call;

static gboolean
call_done (gpointer user_data)
{
  return ((Call *) user_data)->done;
}

typedef struct {
  Call          call;
  EocOperation *operation;
} CreateCall;

static void
create_backup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CreateCall *create = user_data;

  create->call.result = eoc_client_create_backup_finish (EOC_CLIENT (object), result,
                                                         &create->operation,
                                                         &create->call.error);
  create->call.done = TRUE;
}

static void
get_operation_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Call *call = user_data;

  call->result = eoc_client_get_operation_finish (EOC_CLIENT (object), result, &call->error);
  call->done = TRUE;
}

/* Makes a backup of Staging through the test's own client and waits until it is made. */
static EocBackup *
make_backup (Fixture    *fixture,
             const char *name)
{
  CreateCall create = { { NULL, NULL, FALSE }, NULL };
  g_autoptr(EocOperation) operation = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  eoc_client_create_backup_async (fixture->client, fixture->staging_id, name, NULL,
                                  create_backup_cb, &create);
  g_assert_true (eoc_test_wait_until (call_done, &create.call, 10000));
  g_assert_no_error (create.call.error);
  operation = create.operation;

  while (!eoc_operation_is_finished (operation))
    {
      Call call = { NULL, NULL, FALSE };

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      eoc_test_wait (100);
      eoc_client_get_operation_async (fixture->client, eoc_operation_get_id (operation), NULL,
                                      get_operation_cb, &call);
      g_assert_true (eoc_test_wait_until (call_done, &call, 10000));
      g_assert_no_error (call.error);
      g_clear_object (&operation);
      operation = call.result;
    }
  g_assert_cmpint (eoc_operation_get_state (operation), ==, EOC_OPERATION_STATE_SUCCEEDED);

  return create.call.result;
}

static void
list_backups_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Call *call = user_data;

  call->result = eoc_client_list_backups_finish (EOC_CLIENT (object), result, NULL, &call->error);
  call->done = TRUE;
}

/* Whether the service has a backup of Staging called @name. */
static gboolean
service_has_backup (Fixture    *fixture,
                    const char *name)
{
  Call call = { NULL, NULL, FALSE };
  g_autoptr(GPtrArray) backups = NULL;

  eoc_client_list_backups_async (fixture->client, fixture->staging_id, name, 100, NULL, NULL,
                                 list_backups_cb, &call);
  g_assert_true (eoc_test_wait_until (call_done, &call, 10000));
  g_assert_no_error (call.error);
  backups = call.result;

  for (guint i = 0; i < backups->len; i++)
    {
      if (g_strcmp0 (eoc_backup_get_name (g_ptr_array_index (backups, i)), name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* What the user sees. */

static EocBackupsPage *
show_backups (Fixture *fixture)
{
  EocEnvironmentPage *page = eoc_test_window_child (fixture->window, "environment_page");

  g_assert_true (eoc_window_select_environment (fixture->window, fixture->staging_id));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "backups");
  eoc_test_wait (300);
  return eoc_environment_page_get_backups (page);
}

static GtkWidget *
find_backup_row (EocBackupsPage *page,
                 const char     *name)
{
  g_autoptr(GPtrArray) rows = eoc_test_find_widgets (GTK_WIDGET (page), EOC_TYPE_BACKUP_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      EocBackup *backup = eoc_backup_row_get_backup (g_ptr_array_index (rows, i));

      if (backup != NULL && g_strcmp0 (eoc_backup_get_name (backup), name) == 0)
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

typedef struct {
  EocBackupsPage *page;
  const char     *name;
  const char     *text;   /* NULL: the row is there; else: it shows this */
  gboolean        gone;
} RowCheck;

static gboolean
row_check (gpointer user_data)
{
  RowCheck *check = user_data;
  GtkWidget *row = find_backup_row (check->page, check->name);
  g_autofree char *text = NULL;

  if (check->gone)
    return row == NULL;
  if (row == NULL)
    return FALSE;

  /* The details are one label: "1 Dec 2026, 10:04 · By admin · Version 2.1.0". */
  text = eoc_test_widget_text (row);
  return check->text == NULL || strstr (text, check->text) != NULL;
}

typedef struct {
  GtkWidget  *widget;
  const char *text;
} Shows;

static gboolean
row_menu_open (gpointer data)
{
  return eoc_backup_row_get_menu (data) != NULL;
}

static gboolean
activity_loaded (gpointer data)
{
  GListModel *model = eoc_activity_page_get_model (data);

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static gboolean
shows (gpointer user_data)
{
  Shows *check = user_data;
  g_autofree char *all = eoc_test_widget_text (check->widget);

  return strstr (all, check->text) != NULL;
}

static GtkWidget *
toasts (Fixture *fixture)
{
  return eoc_test_window_child (fixture->window, "toast_overlay");
}

/* The backups, newest first, with their details; search asks the service. */
static void
test_list_and_search (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(EocBackup) first = make_backup (fixture, "Before the upgrade");
  g_autoptr(EocBackup) second = make_backup (fixture, "Nightly check");
  EocBackupsPage *page = show_backups (fixture);
  RowCheck listed = { page, "Nightly check", "By admin", FALSE };
  RowCheck hidden = { page, "Nightly check", NULL, TRUE };
  RowCheck kept = { page, "Before the upgrade", NULL, FALSE };
  GtkWidget *search;
  Shows no_schedule = { GTK_WIDGET (page), "No Scheduled Backups" };

  g_assert_true (eoc_test_wait_until (row_check, &listed, 10000));
  g_assert_true (eoc_test_wait_until (row_check, &kept, 10000));
  {
    g_autofree char *text = eoc_test_widget_text (find_backup_row (page, "Nightly check"));

    g_assert_true (strstr (text, "Version 2.1.0") != NULL);
  }
  g_assert_true (eoc_test_wait_until (shows, &no_schedule, 10000));

  /* The Options menu of an available backup is there, and named for screen readers. */
  {
    EocBackupRow *row = EOC_BACKUP_ROW (find_backup_row (page, "Nightly check"));
    GtkWidget *menu_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row),
                                                                        EOC_TYPE_BACKUP_ROW,
                                                                        "menu_button"));
    GtkPopover *menu;
    GMenuModel *model;
    g_autoptr(GVariant) target = NULL;
    g_autofree char *action = NULL;
    const char *backup_id = NULL;

    g_assert_true (gtk_widget_get_sensitive (menu_button));
    g_assert_null (eoc_backup_row_get_menu (row));

    /* Its menu is made when it opens, for the backup the row shows now. */
    gtk_widget_activate (menu_button);
    g_assert_true (eoc_test_wait_until (row_menu_open, row, 2000));
    menu = eoc_backup_row_get_menu (row);
    g_assert_nonnull (menu);
    g_assert_true (gtk_widget_get_parent (GTK_WIDGET (menu)) == menu_button);
    model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu));
    g_assert_cmpint (g_menu_model_get_n_items (model), ==, 3);
    g_assert_true (g_menu_model_get_item_attribute (model, 0, G_MENU_ATTRIBUTE_ACTION, "s",
                                                    &action));
    g_assert_cmpstr (action, ==, "win.restore-backup");
    target = g_menu_model_get_item_attribute_value (model, 0, G_MENU_ATTRIBUTE_TARGET,
                                                    G_VARIANT_TYPE ("(ss)"));
    g_variant_get (target, "(&s&s)", NULL, &backup_id);
    g_assert_cmpstr (backup_id, ==, eoc_backup_get_id (second));

    /* Closed, it goes. */
    gtk_popover_popdown (menu);
    eoc_test_wait (200);
    g_assert_null (eoc_backup_row_get_menu (row));
  }

  search = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), EOC_TYPE_BACKUPS_PAGE,
                                                      "search_entry"));
  gtk_editable_set_text (GTK_EDITABLE (search), "upgrade");
  g_assert_true (eoc_test_wait_until (row_check, &hidden, 10000));
  g_assert_true (eoc_test_wait_until (row_check, &kept, 10000));
  g_assert_null (find_backup_row (page, "Nightly check"));

  gtk_editable_set_text (GTK_EDITABLE (search), "no such backup");
  {
    Shows nothing = { GTK_WIDGET (page), "No Results Found" };

    g_assert_true (eoc_test_wait_until (shows, &nothing, 10000));
  }

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_true (eoc_test_wait_until (row_check, &listed, 10000));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
message_dialog_shown (gpointer user_data)
{
  return find_message_dialog () != NULL;
}

static void
confirm_delete (EocBackupsPage *page,
                EocBackup      *backup)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (page), "backups.delete", "s", eoc_backup_get_id (backup));
  g_assert_true (eoc_test_wait_until (message_dialog_shown, NULL, 10000));
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete Backup?");
  g_assert_true (strstr (adw_message_dialog_get_body (dialog), eoc_backup_get_name (backup)) != NULL);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct {
  Fixture    *fixture;
  const char *name;
} Gone;

static gboolean
gone_from_service (gpointer user_data)
{
  Gone *gone = user_data;

  return !service_has_backup (gone->fixture, gone->name);
}

/* Delete asks first, hides the row at once with Undo offered, and sends the
 * delete only when the toast goes. */
static void
test_delete_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(EocBackup) backup = make_backup (fixture, "Old one");
  EocBackupsPage *page = show_backups (fixture);
  RowCheck listed = { page, "Old one", NULL, FALSE };
  RowCheck hidden = { page, "Old one", NULL, TRUE };
  Shows undo = { toasts (fixture), "“Old one” deleted" };
  Gone gone = { fixture, "Old one" };

  g_assert_true (eoc_test_wait_until (row_check, &listed, 10000));

  confirm_delete (page, backup);
  g_assert_true (eoc_test_wait_until (row_check, &hidden, 5000));
  g_assert_true (eoc_test_wait_until (shows, &undo, 5000));
  g_assert_nonnull (eoc_test_find_button (toasts (fixture), "Undo"));

  /* Undo: back, and never sent. */
  gtk_widget_activate (eoc_test_find_button (toasts (fixture), "Undo"));
  g_assert_true (eoc_test_wait_until (row_check, &listed, 5000));
  eoc_test_wait (6000);
  g_assert_true (service_has_backup (fixture, "Old one"));
  g_assert_nonnull (find_backup_row (page, "Old one"));

  /* Again, and this time the toast goes by: the delete is sent. */
  confirm_delete (page, backup);
  g_assert_true (eoc_test_wait_until (row_check, &hidden, 5000));
  g_assert_true (eoc_test_wait_until (gone_from_service, &gone, 15000));
  eoc_test_wait (500);
  g_assert_null (find_backup_row (page, "Old one"));
}

/* A viewer is not offered what the role does not allow, and is told why. */
static void
test_viewer (Fixture       *fixture,
             gconstpointer  data)
{
  EocBackupsPage *page = show_backups (fixture);
  GtkWidget *backup = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (page), EOC_TYPE_BACKUPS_PAGE,
                                                     "backup_button");
  GtkWidget *restore = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (page), EOC_TYPE_BACKUPS_PAGE,
                                                      "restore_button");

  eoc_test_wait (500);
  g_assert_false (gtk_widget_get_sensitive (backup));
  g_assert_false (gtk_widget_get_sensitive (restore));
  g_assert_true (strstr (gtk_widget_get_tooltip_text (backup), "role") != NULL);
  g_assert_true (strstr (gtk_widget_get_tooltip_text (restore), "role") != NULL);
}

/* An operator may: the buttons are there and act on the shown environment. */
static void
test_operator (Fixture       *fixture,
               gconstpointer  data)
{
  EocBackupsPage *page = show_backups (fixture);
  GtkWidget *backup = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (page), EOC_TYPE_BACKUPS_PAGE,
                                                     "backup_button");
  GVariant *target;

  eoc_test_wait (500);
  g_assert_true (gtk_widget_get_sensitive (backup));
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (backup));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, fixture->staging_id);
}

/* The shown toplevel of @type, if any. */
static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

typedef struct {
  GType       type;
  const char *button;
} ButtonCheck;

/* The dialog of that type is shown, with that button sensitive. */
static gboolean
button_ready (gpointer user_data)
{
  ButtonCheck *check = user_data;
  GtkWidget *dialog = find_toplevel (check->type);
  GtkWidget *button = dialog != NULL ? eoc_test_find_button (dialog, check->button) : NULL;

  return button != NULL && gtk_widget_is_sensitive (button);
}

static void
press (GType       type,
       const char *label)
{
  ButtonCheck check = { type, label };

  g_assert_true (eoc_test_wait_until (button_ready, &check, 10000));
  gtk_widget_activate (eoc_test_find_button (find_toplevel (type), label));
}

typedef struct {
  EocWindow  *window;
  const char *name;
  const char *text;
} SidebarRow;

static gboolean
sidebar_row_shows (gpointer user_data)
{
  SidebarRow *check = user_data;
  GtkWidget *row = eoc_test_window_find_row (check->window, check->name);

  return row != NULL && eoc_test_widget_shows (row, check->text);
}

/* Widgets of @type under @widget, shown or not. */
static guint
count_made (GtkWidget *widget,
            GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_made (child, type);
  return n;
}

/* The one shown widget of @type in the window. */
static gpointer
shown_widget (Fixture *fixture,
              GType    type)
{
  g_autoptr(GPtrArray) found = eoc_test_find_widgets (GTK_WIDGET (fixture->window), type);

  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

/* The Backups and Activity views are made, and ask for their lists, when first
 * shown: the window opens on the Overview, and start-up neither builds nor
 * waits for them. A backup made meanwhile is there when the view is shown. */
static void
test_loaded_when_shown (Fixture       *fixture,
                        gconstpointer  data)
{
  EocBackupsPage *page;
  EocActivityPage *activity;
  g_autoptr(EocBackup) made = NULL;
  RowCheck listed = { NULL, "Made while hidden", NULL, FALSE };

  g_assert_true (eoc_window_select_environment (fixture->window, fixture->staging_id));
  eoc_test_wait (500);
  /* Staging has a backup and activity from the start: neither view is made yet. */
  g_assert_cmpuint (count_made (GTK_WIDGET (fixture->window), EOC_TYPE_OVERVIEW_PAGE), ==, 1);
  g_assert_cmpuint (count_made (GTK_WIDGET (fixture->window), EOC_TYPE_BACKUPS_PAGE), ==, 0);
  g_assert_cmpuint (count_made (GTK_WIDGET (fixture->window), EOC_TYPE_ACTIVITY_PAGE), ==, 0);

  made = make_backup (fixture, "Made while hidden");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "backups");
  eoc_test_wait (100);
  page = listed.page = shown_widget (fixture, EOC_TYPE_BACKUPS_PAGE);
  g_assert_true (eoc_test_wait_until (row_check, &listed, 10000));
  /* With the initial backup of the sample data. */
  g_assert_nonnull (find_backup_row (page, "Initial configuration"));
  g_assert_cmpuint (count_made (GTK_WIDGET (fixture->window), EOC_TYPE_ACTIVITY_PAGE), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "activity");
  eoc_test_wait (100);
  activity = shown_widget (fixture, EOC_TYPE_ACTIVITY_PAGE);
  g_assert_true (eoc_test_wait_until (activity_loaded, activity, 10000));

  /* Back to Backups: the same view, not a new one. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "backups");
  eoc_test_wait (100);
  g_assert_true (shown_widget (fixture, EOC_TYPE_BACKUPS_PAGE) == page);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "activity");
  eoc_test_wait (100);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "activity");
  g_assert_true (eoc_test_wait_until (activity_loaded, activity, 10000));

  /* Its rows say what was done, its summary, and by whom: the backup just made first. */
  {
    Shows entry = { GTK_WIDGET (activity), "Made while hidden" };
    g_autoptr(GPtrArray) rows = NULL;
    gboolean found = FALSE;

    g_assert_true (eoc_test_wait_until (shows, &entry, 10000));
    rows = eoc_test_find_widgets (GTK_WIDGET (activity), EOC_TYPE_ACTIVITY_ROW);
    for (guint i = 0; i < rows->len; i++)
      {
        g_autofree char *text = eoc_test_widget_text (g_ptr_array_index (rows, i));

        if (strstr (text, "Made while hidden") == NULL)
          continue;
        g_test_message ("activity row: %s", text);
        g_assert_true (strstr (text, "By admin") != NULL);
        found = TRUE;
      }
    g_assert_true (found);
  }
}

/* Create a backup as the first guide says: Backup, the generated name, Save;
 * "Creating Backup" under the new row while it is made; then a confirmation
 * to dismiss, and the backup listed. */
static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  EocBackupsPage *page = show_backups (fixture);
  GtkWidget *button = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                    EOC_TYPE_BACKUPS_PAGE,
                                                                    "backup_button");
  Shows creating = { GTK_WIDGET (page), "Creating Backup" };
  Shows created = { toasts (fixture), "was created" };
  g_autoptr(GPtrArray) rows = NULL;

  eoc_test_wait (300);
  gtk_widget_activate (button);
  press (EOC_TYPE_BACKUP_DIALOG, "Save");

  g_assert_true (eoc_test_wait_until (shows, &creating, 10000));
  g_assert_true (eoc_test_wait_until (shows, &created, 10000));
  g_assert_nonnull (eoc_test_find_button (toasts (fixture), "Dismiss"));
  g_assert_false (eoc_test_widget_shows (GTK_WIDGET (page), "Creating Backup"));
  g_assert_null (find_toplevel (EOC_TYPE_BACKUP_DIALOG));

  /* Listed, with the initial backup of the sample data. */
  rows = eoc_test_find_widgets (GTK_WIDGET (page), EOC_TYPE_BACKUP_ROW);
  g_assert_cmpuint (rows->len, >=, 2);
}

/* Restore as the second guide says: Options, Restore, the dialog, Restore;
 * the message that it can take up to an hour; "Updating" in the sidebar;
 * then the success message. */
static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(EocBackup) backup = make_backup (fixture, "Known good");
  EocBackupsPage *page = show_backups (fixture);
  RowCheck listed = { page, "Known good", NULL, FALSE };
  Shows hour = { toasts (fixture), "one hour" };
  Shows restored = { toasts (fixture), "was restored to the backup “Known good”" };
  SidebarRow updating = { fixture->window, "Staging", "Updating" };
  SidebarRow operational = { fixture->window, "Staging", "Operational" };

  g_assert_true (eoc_test_wait_until (row_check, &listed, 10000));

  gtk_widget_activate_action (GTK_WIDGET (find_backup_row (page, "Known good")),
                              "win.restore-backup", "(ss)", fixture->staging_id,
                              eoc_backup_get_id (backup));
  press (EOC_TYPE_RESTORE_DIALOG, "Restore");

  g_assert_true (eoc_test_wait_until (shows, &hour, 10000));
  g_assert_true (eoc_test_wait_until (sidebar_row_shows, &updating, 10000));
  g_assert_true (eoc_test_wait_until (shows, &restored, 15000));
  g_assert_true (eoc_test_wait_until (sidebar_row_shows, &operational, 15000));
}

/* A failing apply: an error that says so, with Try Again, and "Update Failed". */
static void
test_restore_fails (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(EocBackup) backup = make_backup (fixture, "Known good");
  EocBackupsPage *page = show_backups (fixture);
  RowCheck listed = { page, "Known good", NULL, FALSE };
  Shows failed = { toasts (fixture), "Could not restore “Staging”" };
  SidebarRow update_failed = { fixture->window, "Staging", "Update Failed" };

  g_assert_true (eoc_test_wait_until (row_check, &listed, 10000));
  eoc_test_wait (500);

  gtk_widget_activate_action (GTK_WIDGET (page), "win.restore-backup", "(ss)",
                              fixture->staging_id, eoc_backup_get_id (backup));
  press (EOC_TYPE_RESTORE_DIALOG, "Restore");

  g_assert_true (eoc_test_wait_until (shows, &failed, 15000));
  g_assert_true (eoc_test_wait_until (sidebar_row_shows, &update_failed, 15000));
  g_assert_nonnull (eoc_test_find_button (toasts (fixture), "Try Again"));

  /* Try Again opens the same restore. */
  gtk_widget_activate (eoc_test_find_button (toasts (fixture), "Try Again"));
  {
    ButtonCheck again = { EOC_TYPE_RESTORE_DIALOG, "Restore" };

    g_assert_true (eoc_test_wait_until (button_ready, &again, 10000));
    gtk_window_close (GTK_WINDOW (find_toplevel (EOC_TYPE_RESTORE_DIALOG)));
    eoc_test_wait (200);
  }
}

static void
download_configuration_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  Call *call = user_data;

  eoc_client_download_configuration_finish (EOC_CLIENT (object), result, &call->error);
  call->done = TRUE;
}

/* The window's own drop target, for configuration files. */
static GtkDropTarget *
window_drop_target (EocWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* A configuration file dropped on the window: the Import configuration
 * dialog uploads it; Import restores the shown environment from it. */
static void
test_drop_on_window (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("eoc-drop-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "staging.zip", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GdkFileList *list;
  g_autoptr(GSList) files = NULL;
  Call call = { NULL, NULL, FALSE };
  GValue value = G_VALUE_INIT;
  GtkDropTarget *target;
  gboolean accepted = FALSE;
  Shows restored = { toasts (fixture), "was restored from the configuration file" };

  eoc_client_download_configuration_async (fixture->client, fixture->staging_id, file, NULL,
                                           NULL, NULL, NULL, download_configuration_cb, &call);
  g_assert_true (eoc_test_wait_until (call_done, &call, 10000));
  g_assert_no_error (call.error);

  show_backups (fixture);
  target = window_drop_target (fixture->window);
  g_assert_nonnull (target);

  files = g_slist_append (NULL, file);
  list = gdk_file_list_new_from_list (files);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);

  press (EOC_TYPE_IMPORT_DIALOG, "Import");
  g_assert_true (eoc_test_wait_until (shows, &restored, 15000));

  g_unlink (path);
  g_rmdir (dir);
}

static void
set_schedule_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Call *call = user_data;

  call->result = eoc_client_set_schedule_finish (EOC_CLIENT (object), result, &call->error);
  call->done = TRUE;
}

/* A schedule set elsewhere shows on the schedule line, in words, with the next run. */
static void
test_schedule_line (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(EocSchedule) schedule = eoc_schedule_new ();
  g_autoptr(EocSchedule) stored = NULL;
  Call call = { NULL, NULL, FALSE };
  EocBackupsPage *page;
  Shows scheduled = { NULL, "Scheduled" };
  Shows next = { NULL, "Next:" };

  eoc_schedule_set_enabled (schedule, TRUE);
  eoc_schedule_set_frequency (schedule, EOC_SCHEDULE_FREQUENCY_DAILY);
  eoc_schedule_set_time (schedule, "02:00");
  eoc_schedule_set_time_zone (schedule, "UTC");
  eoc_client_set_schedule_async (fixture->client, fixture->staging_id, schedule, NULL,
                                 set_schedule_cb, &call);
  g_assert_true (eoc_test_wait_until (call_done, &call, 10000));
  g_assert_no_error (call.error);
  stored = call.result;

  page = show_backups (fixture);
  scheduled.widget = next.widget = GTK_WIDGET (page);
  g_assert_true (eoc_test_wait_until (shows, &scheduled, 10000));
  g_assert_true (eoc_test_wait_until (shows, &next, 10000));
  g_assert_false (eoc_test_widget_shows (GTK_WIDGET (page), "No Scheduled Backups"));
}

int
main (int   argc,
      char *argv[])
{
  eoc_test_app_init (&argc, &argv);

  g_test_add ("/backups/list-and-search", Fixture, NULL, fixture_set_up, test_list_and_search,
              fixture_tear_down);
  g_test_add ("/backups/schedule-line", Fixture, NULL, fixture_set_up, test_schedule_line,
              fixture_tear_down);
  g_test_add ("/backups/delete-undo", Fixture, NULL, fixture_set_up, test_delete_undo,
              fixture_tear_down);
  g_test_add ("/backups/operator", Fixture, NULL, fixture_set_up, test_operator,
              fixture_tear_down);
  g_test_add ("/backups/viewer", Fixture, "viewer", fixture_set_up, test_viewer,
              fixture_tear_down);
  g_test_add ("/backups/loaded-when-shown", Fixture, NULL, fixture_set_up, test_loaded_when_shown,
              fixture_tear_down);
  g_test_add ("/backups/create", Fixture, NULL, fixture_set_up, test_create, fixture_tear_down);
  g_test_add ("/backups/restore", Fixture, NULL, fixture_set_up, test_restore, fixture_tear_down);
  g_test_add ("/backups/drop-on-window", Fixture, NULL, fixture_set_up, test_drop_on_window,
              fixture_tear_down);
  g_test_add ("/backups/restore-fails", Fixture, NULL, fixture_set_up_failing,
              test_restore_fails, fixture_tear_down);

  return g_test_run ();
}
