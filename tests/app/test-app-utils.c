/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "eoc-connection.h"
#include "eoc-environment-row.h"
#include "test-app-utils.h"

void
eoc_test_app_init (int    *argc,
                   char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_type_ensure (EOC_TYPE_WINDOW);
}

typedef struct {
  gboolean timed_out;
} Deadline;

static gboolean
deadline_cb (gpointer user_data)
{
  Deadline *deadline = user_data;

  deadline->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
eoc_test_wait_until (EocTestCondition condition,
                     gpointer         user_data,
                     guint            timeout_ms)
{
  Deadline deadline = { FALSE };
  guint id = g_timeout_add (timeout_ms, deadline_cb, &deadline);
  gboolean held;

  while (!(held = condition (user_data)) && !deadline.timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!deadline.timed_out)
    g_source_remove (id);

  return held;
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

void
eoc_test_wait (guint ms)
{
  eoc_test_wait_until (never, NULL, ms);
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget) || GTK_IS_INSCRIPTION (widget))
    {
      const char *label = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget))
                                                : gtk_inscription_get_text (GTK_INSCRIPTION (widget));

      if (label != NULL && *label != '\0')
        {
          if (text->len > 0)
            g_string_append_c (text, '|');
          /* Each line is a text of its own, as it reads. */
          for (const char *c = label; *c != '\0'; c++)
            g_string_append_c (text, *c == '\n' ? '|' : *c);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

char *
eoc_test_widget_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_text (widget, text);
  return g_string_free (text, FALSE);
}

gboolean
eoc_test_widget_shows (GtkWidget  *widget,
                       const char *text)
{
  g_autofree char *all = eoc_test_widget_text (widget);
  g_auto(GStrv) parts = g_strsplit (all, "|", -1);

  return g_strv_contains ((const char * const *) parts, text);
}

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

GPtrArray *
eoc_test_find_widgets (GtkWidget *widget,
                       GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_widgets (widget, type, found);
  return found;
}

GtkWidget *
eoc_test_find_button (GtkWidget  *widget,
                      const char *label)
{
  g_autoptr(GPtrArray) buttons = eoc_test_find_widgets (widget, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkButton *button = g_ptr_array_index (buttons, i);
      g_autofree char *text = g_strdup (gtk_button_get_label (button));
      g_autoptr(GString) plain = NULL;

      if (text == NULL)
        continue;
      plain = g_string_new (text);
      g_string_replace (plain, "_", "", 0);
      if (g_str_equal (plain->str, label))
        return GTK_WIDGET (button);
    }

  return NULL;
}

gpointer
eoc_test_window_child (EocWindow  *window,
                       const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), EOC_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
window_settled (gpointer user_data)
{
  EocWindow *window = user_data;
  GtkStack *stack = eoc_test_window_child (window, "sidebar_stack");
  const char *page = gtk_stack_get_visible_child_name (stack);

  if (g_str_equal (page, "loading"))
    return FALSE;
  if (g_str_equal (page, "list"))
    {
      g_autoptr(GPtrArray) rows = eoc_test_window_rows (window);

      return rows->len > 0;
    }
  return TRUE;
}

static gboolean
user_known (gpointer user_data)
{
  return eoc_window_get_user (user_data) != NULL;
}

EocWindow *
eoc_test_open_window (const char *url,
                      const char *token)
{
  g_autoptr(EocConnection) connection = eoc_connection_new ("test", "Test Service", url);
  g_autoptr(EocClient) client = eoc_client_new (url, token);
  EocWindow *window = eoc_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  eoc_window_set_client (window, connection, client);
  g_assert_true (eoc_test_wait_until (window_settled, window, 10000));
  /* What the window offers depends on the role: wait for it (a token the
   * service refuses never gets one). */
  eoc_test_wait_until (user_known, window, 5000);

  return window;
}

GPtrArray *
eoc_test_window_rows (EocWindow *window)
{
  GtkWidget *list_view = eoc_test_window_child (window, "list_view");
  GPtrArray *rows = eoc_test_find_widgets (list_view, EOC_TYPE_ENVIRONMENT_ROW);

  for (guint i = rows->len; i > 0; i--)
    {
      EocEnvironmentRow *row = g_ptr_array_index (rows, i - 1);

      if (eoc_environment_row_get_environment (row) == NULL)
        g_ptr_array_remove_index (rows, i - 1);
    }

  return rows;
}

GtkWidget *
eoc_test_window_find_row (EocWindow  *window,
                          const char *name)
{
  g_autoptr(GPtrArray) rows = eoc_test_window_rows (window);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (eoc_test_widget_shows (row, name))
        return row;
    }

  return NULL;
}

void
eoc_test_close_window (EocWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  eoc_test_wait (100);
}

EocClient *
eoc_test_client_new (const char *url,
                     const char *token)
{
  return eoc_client_new (url, token);
}

typedef struct {
  EocEnvironment *environment;
  GError         *error;
  gboolean        done;
} CreateResult;

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CreateResult *create = user_data;

  create->environment = eoc_client_create_environment_finish (EOC_CLIENT (object), result,
                                                              &create->error);
  create->done = TRUE;
}

static gboolean
create_done (gpointer user_data)
{
  return ((CreateResult *) user_data)->done;
}

EocEnvironment *
eoc_test_create_environment (EocClient  *client,
                             const char *name,
                             const char *version)
{
  CreateResult create = { NULL, NULL, FALSE };

  eoc_client_create_environment_async (client, name, EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, version,
                                       NULL, NULL, create_cb, &create);
  g_assert_true (eoc_test_wait_until (create_done, &create, 10000));
  g_assert_no_error (create.error);
  return create.environment;
}

typedef struct {
  GPtrArray *environments;
  GError    *error;
  gboolean   done;
} ListResult;

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ListResult *list = user_data;

  list->environments = eoc_client_list_environments_finish (EOC_CLIENT (object), result,
                                                            &list->error);
  list->done = TRUE;
}

static gboolean
list_done (gpointer user_data)
{
  return ((ListResult *) user_data)->done;
}

char *
eoc_test_environment_id (EocClient  *client,
                         const char *name)
{
  ListResult list = { NULL, NULL, FALSE };
  char *id = NULL;

  eoc_client_list_environments_async (client, NULL, list_cb, &list);
  g_assert_true (eoc_test_wait_until (list_done, &list, 10000));
  g_assert_no_error (list.error);

  for (guint i = 0; i < list.environments->len; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (list.environments, i);

      if (g_strcmp0 (eoc_environment_get_name (environment), name) == 0)
        id = g_strdup (eoc_environment_get_id (environment));
    }
  g_ptr_array_unref (list.environments);

  g_assert_nonnull (id);
  return id;
}
