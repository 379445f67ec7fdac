/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-restore-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-format.h"
#include "eoc-restore-dialog.h"
#include "eoc-toast.h"
#include "eoc-tooltip.h"

/* Changes listed one by one; the rest are counted. */
#define MAX_CHANGE_ROWS 200
/* The window's width, and its greatest height when it opens. */
#define DEFAULT_WIDTH 540
#define MAX_HEIGHT 720
#define LINE_ROOM 24
/* More changes than this scroll, in a list this high (pixels). */
#define VISIBLE_CHANGE_ROWS 4
#define CHANGES_HEIGHT 200
/* Longer values are cut, in characters. */
#define MAX_VALUE_LENGTH 160

struct _EocRestoreDialog
{
  AdwWindow            parent_instance;

  GtkButton           *cancel_button;
  AdwPreferencesGroup *changes_group;
  AdwExpanderRow      *changes_row;
  GtkSpinner          *changes_spinner;
  AdwActionRow        *changes_status_row;
  AdwActionRow        *created_row;
  GtkLabel            *created_value;
  GtkBox              *error_box;
  GtkLabel            *error_label;
  GtkBox              *mismatch_box;
  GtkLabel            *mismatch_label;
  GtkLabel            *name_value;
  GtkButton           *restore_button;
  GtkSpinner          *restore_spinner;
  AdwPreferencesGroup *safety_group;
  GtkSwitch           *safety_switch;
  GtkScrolledWindow   *scrolled_window;
  GtkButton           *update_button;
  GtkLabel            *version_value;
  GtkBox              *warning_box;
  GtkLabel            *warning_label;

  EocClient           *client;
  EocEnvironment      *environment;
  EocBackup           *backup;

  /* The environment's version as last heard: from the environment, or from
   * the service's refusal when it changed meanwhile. */
  char                *environment_version;
  gboolean             restoring;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (EocRestoreDialog, eoc_restore_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ENVIRONMENT,
  PROP_BACKUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPERATION_STARTED,
  ADD_TOAST,
  UPDATE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
environment_name (EocRestoreDialog *self)
{
  const char *name = self->environment != NULL ? eoc_environment_get_name (self->environment) : NULL;

  return name != NULL && *name != '\0' ? name : _("Unnamed environment");
}

static const char *
backup_name (EocRestoreDialog *self)
{
  const char *name = self->backup != NULL ? eoc_backup_get_name (self->backup) : NULL;

  return name != NULL && *name != '\0' ? name : _("Unnamed backup");
}

static const char *
backup_version (EocRestoreDialog *self)
{
  return self->backup != NULL ? eoc_backup_get_version (self->backup) : NULL;
}

/* Compares versions such as "2.10.0" by their numbers; other text as text. */
static int
compare_versions (const char *a,
                  const char *b)
{
  g_auto(GStrv) pa = g_strsplit (a != NULL ? a : "", ".", -1);
  g_auto(GStrv) pb = g_strsplit (b != NULL ? b : "", ".", -1);
  guint na = g_strv_length (pa);
  guint nb = g_strv_length (pb);

  for (guint i = 0; i < MAX (na, nb); i++)
    {
      guint64 va = 0, vb = 0;

      if ((i < na && !g_ascii_string_to_unsigned (pa[i], 10, 0, G_MAXUINT32, &va, NULL)) ||
          (i < nb && !g_ascii_string_to_unsigned (pb[i], 10, 0, G_MAXUINT32, &vb, NULL)))
        return g_strcmp0 (a, b);
      if (va != vb)
        return va < vb ? -1 : 1;
    }

  return 0;
}

static gboolean
versions_differ (EocRestoreDialog *self)
{
  const char *version = backup_version (self);

  return version != NULL && *version != '\0' &&
         self->environment_version != NULL && *self->environment_version != '\0' &&
         g_strcmp0 (version, self->environment_version) != 0;
}

/* Environments are only updated to newer versions: only a newer backup can be restored after one. */
static gboolean
update_would_help (EocRestoreDialog *self)
{
  return versions_differ (self) &&
         compare_versions (backup_version (self), self->environment_version) > 0;
}

static void
show_error (EocRestoreDialog *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), message != NULL);
  /* It shows above the rest: in sight once scrolled there. */
  if (message != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0.0);
}

static void
update (EocRestoreDialog *self)
{
  gboolean mismatch = versions_differ (self);
  gboolean can_update = update_would_help (self);

  gtk_widget_set_visible (GTK_WIDGET (self->warning_box), !mismatch);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_group), !mismatch);
  gtk_widget_set_visible (GTK_WIDGET (self->safety_group), !mismatch);
  gtk_widget_set_visible (GTK_WIDGET (self->mismatch_box), mismatch);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_button), !mismatch);
  gtk_widget_set_visible (GTK_WIDGET (self->update_button), can_update);

  /* With nothing left to do here, the way out is Close. */
  gtk_button_set_label (self->cancel_button, mismatch && !can_update ? _("_Close") : _("_Cancel"));

  if (mismatch)
    {
      g_autofree char *text = NULL;

      if (can_update)
        /* Translators: the backup's version, the environment's, its name, then the backup's version again. */
        text = g_strdup_printf (_("This backup was taken at version %s, and “%s” runs version %s. "
                                  "Update the environment to version %s, then restore the backup."),
                                backup_version (self), environment_name (self),
                                self->environment_version, backup_version (self));
      else
        /* Translators: the backup's version, the environment's name, then its version. */
        text = g_strdup_printf (_("This backup was taken at version %s, and “%s” runs version %s. "
                                  "Environments can only be updated to newer versions, so this "
                                  "backup can no longer be restored. Choose a backup taken at "
                                  "version %s."),
                                backup_version (self), environment_name (self),
                                self->environment_version, self->environment_version);
      gtk_label_set_label (self->mismatch_label, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->restore_spinner), self->restoring);
  gtk_spinner_set_spinning (self->restore_spinner, self->restoring);
  gtk_widget_set_sensitive (GTK_WIDGET (self->safety_switch), !self->restoring);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "restore.restore",
                                 !mismatch && !self->restoring &&
                                 self->client != NULL && self->environment != NULL &&
                                 self->backup != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "restore.update-environment",
                                 can_update && !self->restoring);
}

static void
set_environment_version (EocRestoreDialog *self,
                         const char       *version)
{
  if (g_strcmp0 (self->environment_version, version) == 0)
    return;

  g_free (self->environment_version);
  self->environment_version = g_strdup (version);
  update (self);
}

static void
environment_version_cb (EocRestoreDialog *self)
{
  set_environment_version (self, eoc_environment_get_version (self->environment));
}

static void
update_backup (EocRestoreDialog *self)
{
  GDateTime *created_at = self->backup != NULL ? eoc_backup_get_created_at (self->backup) : NULL;
  const char *creator = self->backup != NULL ? eoc_backup_get_creator (self->backup) : NULL;
  const char *version = backup_version (self);
  g_autofree char *warning = NULL;

  /* Translators: %s is an environment's name. */
  warning = g_strdup_printf (_("Restoring this backup erases the current configuration of “%s” "
                               "and replaces it with the backup’s."), environment_name (self));
  gtk_label_set_label (self->warning_label, warning);

  gtk_label_set_label (self->name_value, backup_name (self));
  gtk_label_set_label (self->version_value,
                       version != NULL && *version != '\0' ? version : _("Unknown"));

  if (created_at != NULL)
    {
      g_autofree char *text = eoc_format_time (created_at);
      g_autofree char *exact = eoc_format_exact_time (created_at);

      gtk_label_set_label (self->created_value, text);
      eoc_widget_set_tooltip (GTK_WIDGET (self->created_value), exact);
    }
  else
    {
      gtk_label_set_label (self->created_value, _("Unknown"));
    }

  if (creator != NULL && *creator != '\0')
    {
      /* Translators: %s is the user who made the backup. */
      g_autofree char *by = g_strdup_printf (_("By %s"), creator);

      adw_action_row_set_subtitle (self->created_row, by);
    }
}

/* The changes the restore would make. */

static void
append_count (GPtrArray  *parts,
              guint       count,
              const char *text)
{
  if (count > 0)
    g_ptr_array_add (parts, g_strdup_printf (text, count));
}

static void
count_changes (GListModel *model,
               guint       counts[3])
{
  guint n = g_list_model_get_n_items (model);

  counts[EOC_CHANGE_KIND_ADDED] = counts[EOC_CHANGE_KIND_REMOVED] = counts[EOC_CHANGE_KIND_CHANGED] = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EocChange) change = g_list_model_get_item (model, i);
      EocChangeKind kind = eoc_change_get_kind (change);

      if (kind <= EOC_CHANGE_KIND_CHANGED)
        counts[kind]++;
    }
}

/* "3 settings changed, 1 added, 2 files removed": the first number of each kind of thing names it. */
static char *
summarize_changes (EocChanges *changes)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint settings[3], files[3];
  guint before;

  count_changes (eoc_changes_get_settings (changes), settings);
  count_changes (eoc_changes_get_files (changes), files);

  before = parts->len;
  if (settings[EOC_CHANGE_KIND_CHANGED] > 0)
    append_count (parts, settings[EOC_CHANGE_KIND_CHANGED],
                  g_dngettext (GETTEXT_PACKAGE, "%u setting changed", "%u settings changed",
                               settings[EOC_CHANGE_KIND_CHANGED]));
  if (settings[EOC_CHANGE_KIND_ADDED] > 0)
    append_count (parts, settings[EOC_CHANGE_KIND_ADDED],
                  parts->len > before
                    ? g_dngettext (GETTEXT_PACKAGE, "%u added", "%u added",
                                   settings[EOC_CHANGE_KIND_ADDED])
                    : g_dngettext (GETTEXT_PACKAGE, "%u setting added", "%u settings added",
                                   settings[EOC_CHANGE_KIND_ADDED]));
  if (settings[EOC_CHANGE_KIND_REMOVED] > 0)
    append_count (parts, settings[EOC_CHANGE_KIND_REMOVED],
                  parts->len > before
                    ? g_dngettext (GETTEXT_PACKAGE, "%u removed", "%u removed",
                                   settings[EOC_CHANGE_KIND_REMOVED])
                    : g_dngettext (GETTEXT_PACKAGE, "%u setting removed", "%u settings removed",
                                   settings[EOC_CHANGE_KIND_REMOVED]));

  before = parts->len;
  if (files[EOC_CHANGE_KIND_CHANGED] > 0)
    append_count (parts, files[EOC_CHANGE_KIND_CHANGED],
                  g_dngettext (GETTEXT_PACKAGE, "%u file changed", "%u files changed",
                               files[EOC_CHANGE_KIND_CHANGED]));
  if (files[EOC_CHANGE_KIND_ADDED] > 0)
    append_count (parts, files[EOC_CHANGE_KIND_ADDED],
                  parts->len > before
                    ? g_dngettext (GETTEXT_PACKAGE, "%u added", "%u added",
                                   files[EOC_CHANGE_KIND_ADDED])
                    : g_dngettext (GETTEXT_PACKAGE, "%u file added", "%u files added",
                                   files[EOC_CHANGE_KIND_ADDED]));
  if (files[EOC_CHANGE_KIND_REMOVED] > 0)
    append_count (parts, files[EOC_CHANGE_KIND_REMOVED],
                  parts->len > before
                    ? g_dngettext (GETTEXT_PACKAGE, "%u removed", "%u removed",
                                   files[EOC_CHANGE_KIND_REMOVED])
                    : g_dngettext (GETTEXT_PACKAGE, "%u file removed", "%u files removed",
                                   files[EOC_CHANGE_KIND_REMOVED]));

  g_ptr_array_add (parts, NULL);
  /* Translators: what joins the parts of "3 settings changed, 1 added, 2 files removed". */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static char *
shorten_value (const char *value)
{
  if (value == NULL)
    return g_strdup ("");

  if (g_utf8_strlen (value, -1) > MAX_VALUE_LENGTH)
    {
      g_autofree char *start = g_utf8_substring (value, 0, MAX_VALUE_LENGTH - 1);

      return g_strconcat (start, "…", NULL);
    }

  return g_strdup (value);
}

static char *
describe_setting (EocChange *change)
{
  g_autofree char *old_value = shorten_value (eoc_change_get_old_value (change));
  g_autofree char *new_value = shorten_value (eoc_change_get_new_value (change));

  switch (eoc_change_get_kind (change))
    {
    case EOC_CHANGE_KIND_ADDED:
      /* Translators: a setting the restore adds, with its value. */
      return g_strdup_printf (_("Added: %s"), new_value);

    case EOC_CHANGE_KIND_REMOVED:
      /* Translators: a setting the restore removes, with its current value. */
      return g_strdup_printf (_("Removed: %s"), old_value);

    case EOC_CHANGE_KIND_CHANGED:
    default:
      /* Translators: a setting's current value, then the one the restore gives it. */
      return g_strdup_printf (_("%s → %s"), old_value, new_value);
    }
}

static const char *
describe_file (EocChange *change)
{
  switch (eoc_change_get_kind (change))
    {
    case EOC_CHANGE_KIND_ADDED:
      return _("File added");

    case EOC_CHANGE_KIND_REMOVED:
      return _("File removed");

    case EOC_CHANGE_KIND_CHANGED:
    default:
      return _("File changed");
    }
}

static GtkWidget *
change_row_new (const char *path,
                const char *description)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), path);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);

  return row;
}

static guint
add_change_rows (GtkListBox *list,
                 GListModel *model,
                 gboolean    files,
                 guint       shown)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n && shown < MAX_CHANGE_ROWS; i++, shown++)
    {
      g_autoptr(EocChange) change = g_list_model_get_item (model, i);
      g_autofree char *description = files ? g_strdup (describe_file (change))
                                           : describe_setting (change);

      gtk_list_box_append (list, change_row_new (eoc_change_get_path (change), description));
    }

  return shown;
}

static void
show_changes (EocRestoreDialog *self,
              EocChanges       *changes)
{
  GListModel *settings = eoc_changes_get_settings (changes);
  GListModel *files = eoc_changes_get_files (changes);
  guint total = g_list_model_get_n_items (settings) + g_list_model_get_n_items (files);
  g_autofree char *summary = NULL;
  GtkWidget *list, *scrolled, *row;
  guint shown;

  gtk_spinner_set_spinning (self->changes_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_spinner), FALSE);

  if (total == 0 || eoc_changes_is_empty (changes))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->changes_status_row),
                                     _("No changes: the backup matches the current configuration"));
      return;
    }

  summary = summarize_changes (changes);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->changes_row), summary);
  adw_expander_row_set_subtitle (self->changes_row, _("Show each setting and file that changes"));

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Changes"),
                                  -1);
  shown = add_change_rows (GTK_LIST_BOX (list), settings, FALSE, 0);
  shown = add_change_rows (GTK_LIST_BOX (list), files, TRUE, shown);
  if (shown < total)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u more change is not listed",
                                                            "%u more changes are not listed",
                                                            total - shown),
                                               total - shown);

      gtk_list_box_append (GTK_LIST_BOX (list), change_row_new (more, NULL));
    }

  /* A long list scrolls in its own space, so that the dialog keeps its size. */
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  shown > VISIBLE_CHANGE_ROWS ? GTK_POLICY_AUTOMATIC
                                                              : GTK_POLICY_NEVER);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled),
                                              shown > VISIBLE_CHANGE_ROWS ? CHANGES_HEIGHT : -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_expander_row_add_row (self->changes_row, scrolled);
  /* The list's own rows are what the keyboard reaches, not the row holding it. */
  row = gtk_widget_get_parent (scrolled);
  if (GTK_IS_LIST_BOX_ROW (row))
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->changes_status_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_row), TRUE);
}

static void
changes_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EocRestoreDialog) self = user_data;
  g_autoptr(EocChanges) changes = NULL;
  g_autoptr(GError) error = NULL;

  changes = eoc_client_get_backup_changes_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (changes == NULL)
    {
      /* Not knowing what changes does not stop the restore. */
      gtk_spinner_set_spinning (self->changes_spinner, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->changes_spinner), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->changes_status_row),
                                     _("Could not compare the backup with the current configuration"));
      adw_action_row_set_subtitle (self->changes_status_row, error->message);
      return;
    }

  show_changes (self, changes);
}

/* Actions. */

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EocRestoreDialog) self = user_data;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  operation = eoc_client_restore_backup_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->restoring = FALSE;

  if (operation == NULL)
    {
      g_autofree char *environment_version = NULL;

      /* The environment changed meanwhile: the dialog says what the service said. */
      if (eoc_client_error_parse_versions (error, &environment_version, NULL))
        set_environment_version (self, environment_version);
      else
        show_error (self, error->message);
      update (self);
      return;
    }

  g_signal_emit (self, signals[OPERATION_STARTED], 0, operation);

  /* Translators: the environment's name, then the backup's. */
  text = g_strdup_printf (_("“%s” is being updated from the backup “%s”. This can take up to one hour."),
                          environment_name (self), backup_name (self));
  g_signal_emit (self, signals[ADD_TOAST], 0, eoc_toast_new_lasting (text));

  gtk_window_close (GTK_WINDOW (self));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EocRestoreDialog *self = EOC_RESTORE_DIALOG (widget);

  if (self->restoring || self->client == NULL || self->environment == NULL ||
      self->backup == NULL || versions_differ (self))
    return;

  show_error (self, NULL);
  self->restoring = TRUE;
  update (self);

  eoc_client_restore_backup_async (self->client, eoc_environment_get_id (self->environment),
                                   eoc_backup_get_id (self->backup),
                                   gtk_switch_get_active (self->safety_switch),
                                   self->cancellable, restore_cb, g_object_ref (self));
}

static void
update_environment_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  EocRestoreDialog *self = EOC_RESTORE_DIALOG (widget);

  if (!update_would_help (self))
    return;

  g_signal_emit (self, signals[UPDATE_REQUESTED], 0, backup_version (self));
  gtk_window_close (GTK_WINDOW (self));
}

/* The window's size, for what it shows when it opens; what does not fit scrolls.
 * (The scrolled window's own natural height is short of wrapped text.) */
static void
fit_size (EocRestoreDialog *self)
{
  GtkWidget *content = adw_window_get_content (ADW_WINDOW (self));
  int height;

  gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, DEFAULT_WIDTH, NULL, &height, NULL, NULL);
  /* Wrapped text can take a line more once laid out; with Restore offered,
   * the changes' summary comes later and can take two. */
  height += versions_differ (self) ? LINE_ROOM : 2 * LINE_ROOM;

  gtk_window_set_default_size (GTK_WINDOW (self), DEFAULT_WIDTH, MIN (height, MAX_HEIGHT));
}

/* GObject. */

static gboolean
eoc_restore_dialog_close_request (GtkWindow *window)
{
  EocRestoreDialog *self = EOC_RESTORE_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (eoc_restore_dialog_parent_class)->close_request (window);
}

static void
eoc_restore_dialog_constructed (GObject *object)
{
  EocRestoreDialog *self = (EocRestoreDialog *) object;

  G_OBJECT_CLASS (eoc_restore_dialog_parent_class)->constructed (object);

  if (self->environment != NULL)
    {
      self->environment_version = g_strdup (eoc_environment_get_version (self->environment));
      g_signal_connect_object (self->environment, "notify::version",
                               G_CALLBACK (environment_version_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->environment, "notify::name",
                               G_CALLBACK (update_backup), self, G_CONNECT_SWAPPED);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->changes_status_row),
                                 _("Comparing with the current configuration…"));
  gtk_spinner_set_spinning (self->changes_spinner, TRUE);

  update_backup (self);
  update (self);

  fit_size (self);

  if (self->client != NULL && self->environment != NULL && self->backup != NULL)
    eoc_client_get_backup_changes_async (self->client, eoc_environment_get_id (self->environment),
                                         eoc_backup_get_id (self->backup), self->cancellable,
                                         changes_cb, g_object_ref (self));
}

static void
eoc_restore_dialog_dispose (GObject *object)
{
  EocRestoreDialog *self = (EocRestoreDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_RESTORE_DIALOG);
  g_clear_object (&self->client);
  g_clear_object (&self->environment);
  g_clear_object (&self->backup);

  G_OBJECT_CLASS (eoc_restore_dialog_parent_class)->dispose (object);
}

static void
eoc_restore_dialog_finalize (GObject *object)
{
  EocRestoreDialog *self = (EocRestoreDialog *) object;

  g_free (self->environment_version);

  G_OBJECT_CLASS (eoc_restore_dialog_parent_class)->finalize (object);
}

static void
eoc_restore_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EocRestoreDialog *self = EOC_RESTORE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;

    case PROP_BACKUP:
      g_value_set_object (value, self->backup);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_restore_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EocRestoreDialog *self = EOC_RESTORE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_ENVIRONMENT:
      self->environment = g_value_dup_object (value);
      break;

    case PROP_BACKUP:
      self->backup = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_restore_dialog_class_init (EocRestoreDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = eoc_restore_dialog_constructed;
  object_class->dispose = eoc_restore_dialog_dispose;
  object_class->finalize = eoc_restore_dialog_finalize;
  object_class->get_property = eoc_restore_dialog_get_property;
  object_class->set_property = eoc_restore_dialog_set_property;
  window_class->close_request = eoc_restore_dialog_close_request;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, EOC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, EOC_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BACKUP] =
    g_param_spec_object ("backup", NULL, NULL, EOC_TYPE_BACKUP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EocRestoreDialog::operation-started:
   * @operation: the restore
   *
   * The service has started restoring the backup. The dialog closes right after.
   */
  signals[OPERATION_STARTED] =
    g_signal_new ("operation-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EOC_TYPE_OPERATION);

  /**
   * EocRestoreDialog::add-toast:
   * @toast: what to show
   *
   * Asks the window to show a toast.
   */
  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  /**
   * EocRestoreDialog::update-requested:
   * @version: the backup's version
   *
   * The user wants to update the environment to @version before restoring.
   * The dialog closes right after.
   */
  signals[UPDATE_REQUESTED] =
    g_signal_new ("update-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-restore-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, changes_group);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, changes_row);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, changes_spinner);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, changes_status_row);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, created_row);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, created_value);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, mismatch_box);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, mismatch_label);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, name_value);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, restore_button);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, restore_spinner);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, safety_group);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, safety_switch);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, update_button);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, version_value);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, warning_box);
  gtk_widget_class_bind_template_child (widget_class, EocRestoreDialog, warning_label);

  gtk_widget_class_install_action (widget_class, "restore.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "restore.update-environment", NULL,
                                   update_environment_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
eoc_restore_dialog_init (EocRestoreDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

/**
 * eoc_restore_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @client: the service's client
 * @environment: the environment to restore
 * @backup: the backup of @environment to restore
 *
 * Returns: (transfer none): a new Restore Backup dialog, not yet presented
 */
EocRestoreDialog *
eoc_restore_dialog_new (GtkWindow      *parent,
                        EocClient      *client,
                        EocEnvironment *environment,
                        EocBackup      *backup)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EOC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (environment), NULL);
  g_return_val_if_fail (EOC_IS_BACKUP (backup), NULL);

  return g_object_new (EOC_TYPE_RESTORE_DIALOG,
                       "transient-for", parent,
                       "client", client,
                       "environment", environment,
                       "backup", backup,
                       NULL);
}

EocClient *
eoc_restore_dialog_get_client (EocRestoreDialog *self)
{
  g_return_val_if_fail (EOC_IS_RESTORE_DIALOG (self), NULL);

  return self->client;
}

EocEnvironment *
eoc_restore_dialog_get_environment (EocRestoreDialog *self)
{
  g_return_val_if_fail (EOC_IS_RESTORE_DIALOG (self), NULL);

  return self->environment;
}

EocBackup *
eoc_restore_dialog_get_backup (EocRestoreDialog *self)
{
  g_return_val_if_fail (EOC_IS_RESTORE_DIALOG (self), NULL);

  return self->backup;
}
