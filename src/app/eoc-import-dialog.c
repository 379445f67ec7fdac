/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-import-dialog.h"
#include "eoc-toast.h"

/* The progress shown changes at most this often (the client reports every 8 KiB or so). */
#define PROGRESS_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)
/* The changes listed one by one; the summary counts them all. */
#define MAX_CHANGE_ROWS 200
/* Setting values longer than this are cut in the list. */
#define MAX_VALUE_CHARS 120

typedef enum {
  STATE_CHOOSE,     /* the drop area */
  STATE_CHECKING,   /* looking at the local file before sending it */
  STATE_UPLOADING,
  STATE_UPLOADED,
  STATE_IMPORTING,
} State;

struct _EocImportDialog
{
  AdwWindow             parent_instance;

  GtkSwitch            *backup_switch;
  GtkButton            *cancel_upload_button;
  AdwActionRow         *changes_error_row;
  AdwActionRow         *changes_loading_row;
  AdwExpanderRow       *changes_row;
  GtkSpinner           *changes_spinner;
  GtkButton            *choose_button;
  AdwActionRow         *file_row;
  GtkLabel             *hint_label;
  GtkLabel             *import_error_label;
  AdwActionRow         *no_changes_row;
  GtkLabel             *progress_label;
  GtkBox               *refusal_box;
  GtkLabel             *refusal_label;
  GtkLabel             *refusal_title_label;
  GtkStack             *stack;
  GtkButton            *trash_button;
  GtkProgressBar       *upload_progress;
  GtkLabel             *uploading_name_label;
  GtkLabel             *warning_label;

  EocClient            *client;
  EocEnvironment       *environment;
  State                 state;
  GFile                *file;               /* the file being sent or sent */
  char                 *file_name;          /* its name, for people */
  EocUpload            *upload;             /* on the service, until imported or discarded */
  GPtrArray            *change_rows;        /* rows added to changes_row */
  gint64                progress_shown_at;  /* monotonic time of the last progress shown */
  GtkFileChooserNative *chooser;

  GCancellable         *cancellable;        /* the dialog's lifetime */
  GCancellable         *file_cancellable;   /* the current file: query, upload, changes */
};

G_DEFINE_FINAL_TYPE (EocImportDialog, eoc_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPERATION_STARTED,
  ADD_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a request about the current file needs when it answers: the dialog,
 * and the cancellable of the file it was made for (a newer file replaces it). */
typedef struct {
  EocImportDialog *self;
  GCancellable    *cancellable;
} Request;

static Request *
request_new (EocImportDialog *self)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (self->file_cancellable);
  return request;
}

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->cancellable);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static const char *
environment_name (EocImportDialog *self)
{
  const char *name = NULL;

  if (self->environment != NULL)
    name = eoc_environment_get_name (self->environment);

  return name != NULL ? name : "";
}

static void
update_actions (EocImportDialog *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "import.import", self->state == STATE_UPLOADED);
  gtk_widget_action_set_enabled (widget, "import.choose-file", self->state == STATE_CHOOSE);
  gtk_widget_action_set_enabled (widget, "import.cancel-upload",
                                 self->state == STATE_CHECKING || self->state == STATE_UPLOADING);
  gtk_widget_action_set_enabled (widget, "import.remove-file", self->state == STATE_UPLOADED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_switch), self->state == STATE_UPLOADED);
}

/* Keyboard focus inside the page that goes stays inside the page that comes. */
static void
move_focus (EocImportDialog *self,
            GtkWidget       *target)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stack)) &&
      !gtk_widget_is_ancestor (focus, gtk_stack_get_visible_child (self->stack)))
    gtk_widget_grab_focus (target);
}

static void
set_state (EocImportDialog *self,
           State            state)
{
  const char *page;
  GtkWidget *focus_target;

  self->state = state;

  switch (state)
    {
    case STATE_CHECKING:
    case STATE_UPLOADING:
      page = "uploading";
      focus_target = GTK_WIDGET (self->cancel_upload_button);
      break;

    case STATE_UPLOADED:
    case STATE_IMPORTING:
      page = "uploaded";
      focus_target = GTK_WIDGET (self->trash_button);
      break;

    case STATE_CHOOSE:
    default:
      page = "choose";
      focus_target = GTK_WIDGET (self->choose_button);
      break;
    }

  update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, page);
  move_focus (self, focus_target);
}

/* A new cancellable for the next file; what was under way for the last one stops. */
static void
replace_file_cancellable (EocImportDialog *self)
{
  if (self->file_cancellable != NULL)
    g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);
  self->file_cancellable = g_cancellable_new ();
}

static void
discarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Not worth bothering the user: the service forgets uploads after an hour anyway. */
  if (!eoc_client_discard_upload_finish (EOC_CLIENT (object), result, &error))
    g_debug ("Could not discard an upload: %s", error->message);
}

/* Discards the upload on the service, if there is one. The request is not
 * tied to the dialog: it must finish even when the dialog closes. */
static void
forget_upload (EocImportDialog *self)
{
  g_autoptr(EocUpload) upload = g_steal_pointer (&self->upload);

  if (upload == NULL || self->client == NULL || self->environment == NULL)
    return;

  eoc_client_discard_upload_async (self->client, eoc_environment_get_id (self->environment),
                                   eoc_upload_get_id (upload), NULL, discarded_cb, NULL);
}

static void
hide_refusal (EocImportDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_box), FALSE);
}

/* Back to the drop area, saying why the file was not taken. */
static void
refuse (EocImportDialog *self,
        const char      *title,
        const char      *message)
{
  gtk_label_set_label (self->refusal_title_label, title);
  gtk_label_set_label (self->refusal_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_box), TRUE);
  g_clear_object (&self->file);
  set_state (self, STATE_CHOOSE);
}

static void
refuse_file (EocImportDialog *self,
             const char      *message)
{
  g_autofree char *title = NULL;

  /* Translators: %s is a file name. */
  title = g_strdup_printf (_("“%s” cannot be imported"), self->file_name);
  refuse (self, title, message);
}

/* Progress. */

static void
show_progress (EocImportDialog *self,
               guint64          done,
               guint64          total)
{
  g_autofree char *done_text = g_format_size (done);
  g_autofree char *total_text = g_format_size (total);
  g_autofree char *text = NULL;
  guint percent = total > 0 ? (guint) MIN (done * 100 / total, 100) : 0;

  gtk_progress_bar_set_fraction (self->upload_progress, total > 0 ? (double) done / total : 0.0);
  /* Translators: bytes sent of the file's size, then the percentage: "12.3 MB of 80.0 MB (15%)". */
  text = g_strdup_printf (_("%s of %s (%u%%)"), done_text, total_text, percent);
  gtk_label_set_label (self->progress_label, text);
}

static void
upload_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  Request *request = user_data;
  EocImportDialog *self = request->self;
  gint64 now = g_get_monotonic_time ();

  if (g_cancellable_is_cancelled (request->cancellable) || self->state != STATE_UPLOADING)
    return;

  /* At most about ten updates a second, and always the last one. */
  if (done < total && self->progress_shown_at != 0 &&
      now - self->progress_shown_at < PROGRESS_INTERVAL_US)
    return;

  self->progress_shown_at = now;
  show_progress (self, done, total);
}

/* Changes. */

static void
clear_change_rows (EocImportDialog *self)
{
  for (guint i = 0; i < self->change_rows->len; i++)
    adw_expander_row_remove (self->changes_row, g_ptr_array_index (self->change_rows, i));
  g_ptr_array_set_size (self->change_rows, 0);
  adw_expander_row_set_expanded (self->changes_row, FALSE);
}

static void
show_changes_loading (EocImportDialog *self)
{
  clear_change_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_loading_row), TRUE);
  gtk_spinner_set_spinning (self->changes_spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->no_changes_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_error_row), FALSE);
}

static void
count_changes (GListModel *changes,
               guint       counts[3])
{
  guint n = g_list_model_get_n_items (changes);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EocChange) change = g_list_model_get_item (changes, i);
      EocChangeKind kind = eoc_change_get_kind (change);

      if (kind <= EOC_CHANGE_KIND_CHANGED)
        counts[kind]++;
    }
}

static char *
count_text (gboolean      are_files,
            EocChangeKind kind,
            guint         n)
{
  const char *format;

  if (are_files)
    format = kind == EOC_CHANGE_KIND_ADDED
             ? g_dngettext (GETTEXT_PACKAGE, "%u file added", "%u files added", n)
             : kind == EOC_CHANGE_KIND_REMOVED
             ? g_dngettext (GETTEXT_PACKAGE, "%u file removed", "%u files removed", n)
             : g_dngettext (GETTEXT_PACKAGE, "%u file changed", "%u files changed", n);
  else
    format = kind == EOC_CHANGE_KIND_ADDED
             ? g_dngettext (GETTEXT_PACKAGE, "%u setting added", "%u settings added", n)
             : kind == EOC_CHANGE_KIND_REMOVED
             ? g_dngettext (GETTEXT_PACKAGE, "%u setting removed", "%u settings removed", n)
             : g_dngettext (GETTEXT_PACKAGE, "%u setting changed", "%u settings changed", n);

  return g_strdup_printf (format, n);
}

/* "2 settings changed, 1 file added". */
static char *
summarize_changes (EocChanges *changes)
{
  static const EocChangeKind order[] = {
    EOC_CHANGE_KIND_CHANGED, EOC_CHANGE_KIND_ADDED, EOC_CHANGE_KIND_REMOVED,
  };
  guint counts[2][3] = { { 0, 0, 0 }, { 0, 0, 0 } };   /* settings, files */
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  count_changes (eoc_changes_get_settings (changes), counts[0]);
  count_changes (eoc_changes_get_files (changes), counts[1]);

  for (guint are_files = 0; are_files < 2; are_files++)
    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      if (counts[are_files][order[i]] > 0)
        g_ptr_array_add (parts, count_text (are_files, order[i], counts[are_files][order[i]]));
  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between the parts of "2 settings changed, 1 file added". */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static char *
shorten (const char *value)
{
  const char *end;

  if (value == NULL)
    return g_strdup ("");
  if (g_utf8_strlen (value, -1) <= MAX_VALUE_CHARS)
    return g_strdup (value);
  end = g_utf8_offset_to_pointer (value, MAX_VALUE_CHARS);
  return g_strdup_printf ("%.*s…", (int) (end - value), value);
}

static const char *
change_icon (EocChangeKind kind)
{
  switch (kind)
    {
    case EOC_CHANGE_KIND_ADDED:
      return "list-add-symbolic";
    case EOC_CHANGE_KIND_REMOVED:
      return "list-remove-symbolic";
    case EOC_CHANGE_KIND_CHANGED:
    default:
      return "document-edit-symbolic";
    }
}

static void
add_change_row (EocImportDialog *self,
                EocChange       *change,
                gboolean         is_file)
{
  EocChangeKind kind = eoc_change_get_kind (change);
  const char *path = eoc_change_get_path (change);
  g_autofree char *old_value = shorten (eoc_change_get_old_value (change));
  g_autofree char *new_value = shorten (eoc_change_get_new_value (change));
  g_autofree char *subtitle = NULL;
  GtkWidget *row, *icon;

  if (is_file)
    subtitle = g_strdup (kind == EOC_CHANGE_KIND_ADDED ? _("File added")
                         : kind == EOC_CHANGE_KIND_REMOVED ? _("File removed")
                         : _("File changed"));
  else if (kind == EOC_CHANGE_KIND_ADDED)
    /* Translators: %s is a setting's new value. */
    subtitle = g_strdup_printf (_("Added: %s"), new_value);
  else if (kind == EOC_CHANGE_KIND_REMOVED)
    /* Translators: %s is a setting's current value. */
    subtitle = g_strdup_printf (_("Removed: %s"), old_value);
  else
    /* Translators: a setting's current value, then its new value. */
    subtitle = g_strdup_printf (_("%s → %s"), old_value, new_value);

  /* Settings are paths such as "/database/host". */
  if (!is_file && path[0] == '/' && path[1] != '\0')
    path++;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), path);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_add_css_class (row, "property");
  icon = gtk_image_new_from_icon_name (change_icon (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kind == EOC_CHANGE_KIND_ADDED ? _("Added")
                                  : kind == EOC_CHANGE_KIND_REMOVED ? _("Removed")
                                  : _("Changed"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  adw_expander_row_add_row (self->changes_row, row);
  g_ptr_array_add (self->change_rows, row);
}

static void
add_change_rows (EocImportDialog *self,
                 GListModel      *changes,
                 gboolean         are_files,
                 guint           *shown,
                 guint           *hidden)
{
  guint n = g_list_model_get_n_items (changes);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EocChange) change = g_list_model_get_item (changes, i);

      if (*shown >= MAX_CHANGE_ROWS)
        {
          (*hidden)++;
          continue;
        }
      add_change_row (self, change, are_files);
      (*shown)++;
    }
}

static void
show_changes (EocImportDialog *self,
              EocChanges      *changes)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *summary = NULL;
  guint shown = 0;
  guint hidden = 0;

  clear_change_rows (self);
  gtk_spinner_set_spinning (self->changes_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_loading_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_error_row), FALSE);

  if (eoc_changes_is_empty (changes))
    {
      /* Translators: %s is the name of an environment. */
      subtitle = g_strdup_printf (_("The file matches the current configuration of “%s”."),
                                  environment_name (self));
      adw_action_row_set_subtitle (self->no_changes_row, subtitle);
      gtk_widget_set_visible (GTK_WIDGET (self->no_changes_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->changes_row), FALSE);
      return;
    }

  summary = summarize_changes (changes);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->changes_row), summary);
  add_change_rows (self, eoc_changes_get_settings (changes), FALSE, &shown, &hidden);
  add_change_rows (self, eoc_changes_get_files (changes), TRUE, &shown, &hidden);
  if (hidden > 0)
    {
      const char *format = g_dngettext (GETTEXT_PACKAGE, "And %u more change",
                                        "And %u more changes", hidden);
      g_autofree char *more = g_strdup_printf (format, hidden);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      adw_expander_row_add_row (self->changes_row, row);
      g_ptr_array_add (self->change_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->no_changes_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_row), TRUE);
}

static void
changes_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  EocImportDialog *self = request->self;
  g_autoptr(EocChanges) changes = NULL;
  g_autoptr(GError) error = NULL;

  changes = eoc_client_get_upload_changes_finish (EOC_CLIENT (object), result, &error);
  if (g_cancellable_is_cancelled (request->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (changes == NULL)
    {
      gtk_spinner_set_spinning (self->changes_spinner, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->changes_loading_row), FALSE);
      adw_action_row_set_subtitle (self->changes_error_row, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->changes_error_row), TRUE);
      return;
    }

  show_changes (self, changes);
}

/* Uploading. */

static void
show_upload (EocImportDialog *self)
{
  g_autofree char *size = g_format_size ((guint64) MAX (eoc_upload_get_size (self->upload), 0));
  g_autofree char *subtitle = NULL;
  const char *version = eoc_upload_get_version (self->upload);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), self->file_name);
  if (version != NULL)
    /* Translators: a file's size, then the version its configuration is for:
     * "80.0 MB · Version 2.1.0". */
    subtitle = g_strdup_printf (_("%s · Version %s"), size, version);
  else
    subtitle = g_strdup (size);
  adw_action_row_set_subtitle (self->file_row, subtitle);

  gtk_widget_set_visible (GTK_WIDGET (self->import_error_label), FALSE);
  gtk_switch_set_active (self->backup_switch, TRUE);
  show_changes_loading (self);
  set_state (self, STATE_UPLOADED);
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  EocImportDialog *self = request->self;
  g_autoptr(EocUpload) upload = NULL;
  g_autoptr(GError) error = NULL;

  upload = eoc_client_upload_configuration_finish (EOC_CLIENT (object), result, &error);
  if (g_cancellable_is_cancelled (request->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Replaced or closed as it finished: it is not wanted. */
      if (upload != NULL)
        eoc_client_discard_upload_async (EOC_CLIENT (object),
                                         eoc_environment_get_id (self->environment),
                                         eoc_upload_get_id (upload), NULL, discarded_cb, NULL);
      return;
    }

  if (upload == NULL)
    {
      refuse_file (self, error->message);
      return;
    }

  self->upload = g_steal_pointer (&upload);
  show_upload (self);
  eoc_client_get_upload_changes_async (self->client, eoc_environment_get_id (self->environment),
                                       eoc_upload_get_id (self->upload), self->file_cancellable,
                                       changes_cb, request_new (self));
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  EocImportDialog *self = request->self;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GFileType type;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (g_cancellable_is_cancelled (request->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (info == NULL)
    {
      refuse_file (self, error->message);
      return;
    }

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME))
    {
      g_free (self->file_name);
      self->file_name = g_strdup (g_file_info_get_display_name (info));
      gtk_label_set_label (self->uploading_name_label, self->file_name);
    }

  type = g_file_info_get_file_type (info);
  if (type == G_FILE_TYPE_DIRECTORY)
    {
      refuse_file (self, _("It is a folder. Choose a configuration file: a ZIP archive downloaded "
                           "from a backup."));
      return;
    }
  if (type != G_FILE_TYPE_REGULAR)
    {
      refuse_file (self, _("It is not a regular file. Choose a configuration file: a ZIP archive "
                           "downloaded from a backup."));
      return;
    }

  show_progress (self, 0, (guint64) MAX (g_file_info_get_size (info), 0));
  self->progress_shown_at = 0;
  set_state (self, STATE_UPLOADING);
  eoc_client_upload_configuration_async (self->client, eoc_environment_get_id (self->environment),
                                         self->file, upload_progress_cb, request_new (self),
                                         (GDestroyNotify) request_free, self->file_cancellable,
                                         upload_cb, request_new (self));
}

/* Takes @file in place of whatever file the dialog had. */
static void
start_file (EocImportDialog *self,
            GFile           *file)
{
  g_autofree char *name = g_file_get_basename (file);

  replace_file_cancellable (self);
  forget_upload (self);
  hide_refusal (self);

  g_set_object (&self->file, file);
  g_free (self->file_name);
  self->file_name = g_filename_display_name (name != NULL ? name : "");
  gtk_label_set_label (self->uploading_name_label, self->file_name);

  if (!g_file_is_native (file))
    {
      refuse_file (self, _("It is not a file on this computer. Save it to a folder first, then "
                           "choose it here."));
      return;
    }

  gtk_progress_bar_set_fraction (self->upload_progress, 0.0);
  gtk_label_set_label (self->progress_label, _("Starting…"));
  set_state (self, STATE_CHECKING);
  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                           G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->file_cancellable,
                           query_cb, request_new (self));
}

/* Dropping. */

static gboolean
drop_accept_cb (EocImportDialog *self,
                GdkDrop         *drop,
                GtkDropTarget   *target)
{
  /* Another file can be dropped only where the drop area shows. */
  return self->state == STATE_CHOOSE &&
         gdk_content_formats_contain_gtype (gdk_drop_get_formats (drop), GDK_TYPE_FILE_LIST);
}

static gboolean
drop_cb (EocImportDialog *self,
         const GValue    *value,
         double           x,
         double           y,
         GtkDropTarget   *target)
{
  GdkFileList *list;
  g_autoptr(GSList) files = NULL;

  if (self->state != STATE_CHOOSE || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  list = g_value_get_boxed (value);
  files = list != NULL ? gdk_file_list_get_files (list) : NULL;

  if (files == NULL)
    {
      refuse (self, _("Nothing to import"), _("Drop a configuration file from your files."));
      return FALSE;
    }

  if (files->next != NULL)
    {
      g_autofree char *title = NULL;
      guint n = g_slist_length (files);

      /* Translators: %u is a number of files, always more than one. */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file was dropped",
                                            "%u files were dropped", n), n);
      refuse (self, title, _("Only one configuration file can be imported. Drop one file."));
      return FALSE;
    }

  /* A file that is not on this computer is refused there and then. */
  start_file (self, files->data);
  return g_file_is_native (files->data);
}

/* Actions. */

static void
chooser_response_cb (EocImportDialog      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);

  if (file != NULL && self->state == STATE_CHOOSE)
    start_file (self, file);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EocImportDialog *self = EOC_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) configurations = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (configurations, _("Configuration files"));
  gtk_file_filter_add_suffix (configurations, "zip");
  gtk_file_filter_add_suffix (configurations, "eocconf");
  gtk_file_filter_add_mime_type (configurations, "application/x-env-ops-center-configuration");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose a Configuration File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), configurations);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), configurations);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_upload_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EocImportDialog *self = EOC_IMPORT_DIALOG (widget);

  if (self->state != STATE_CHECKING && self->state != STATE_UPLOADING)
    return;

  /* The client stops sending, or discards what the service already kept. */
  replace_file_cancellable (self);
  g_clear_object (&self->file);
  hide_refusal (self);
  set_state (self, STATE_CHOOSE);
}

static void
remove_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EocImportDialog *self = EOC_IMPORT_DIALOG (widget);

  if (self->state != STATE_UPLOADED)
    return;

  /* Only the copy on the service goes: the user's file is not touched. */
  replace_file_cancellable (self);
  forget_upload (self);
  g_clear_object (&self->file);
  clear_change_rows (self);
  hide_refusal (self);
  set_state (self, STATE_CHOOSE);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EocImportDialog) self = user_data;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  operation = eoc_client_import_upload_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->state != STATE_IMPORTING)
    return;

  if (operation == NULL)
    {
      if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND))
        {
          /* The upload expired or was discarded elsewhere: another file is needed. */
          g_clear_object (&self->upload);
          refuse_file (self, error->message);
          return;
        }

      gtk_label_set_label (self->import_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->import_error_label), TRUE);
      set_state (self, STATE_UPLOADED);
      return;
    }

  /* The service has taken the upload: nothing to discard any more. */
  g_clear_object (&self->upload);

  g_signal_emit (self, signals[OPERATION_STARTED], 0, operation);

  /* Translators: %s is the name of an environment. */
  text = g_strdup_printf (_("“%s” is being updated with the imported configuration. This can "
                            "take up to one hour."), environment_name (self));
  g_signal_emit (self, signals[ADD_TOAST], 0, eoc_toast_new_lasting (text));

  gtk_window_close (GTK_WINDOW (self));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EocImportDialog *self = EOC_IMPORT_DIALOG (widget);

  if (self->state != STATE_UPLOADED || self->upload == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->import_error_label), FALSE);
  set_state (self, STATE_IMPORTING);
  eoc_client_import_upload_async (self->client, eoc_environment_get_id (self->environment),
                                  eoc_upload_get_id (self->upload),
                                  gtk_switch_get_active (self->backup_switch), self->cancellable,
                                  import_cb, g_object_ref (self));
}

/* Closing. */

static void
stop_everything (EocImportDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->file_cancellable != NULL)
    g_cancellable_cancel (self->file_cancellable);

  /* Once Import is sent, the service may already be importing the upload:
   * it is left to the service, which forgets unused uploads after an hour. */
  if (self->state == STATE_IMPORTING)
    g_clear_object (&self->upload);
  else
    forget_upload (self);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
}

static gboolean
eoc_import_dialog_close_request (GtkWindow *window)
{
  EocImportDialog *self = EOC_IMPORT_DIALOG (window);

  /* An upload under way stops; one not imported is discarded. */
  stop_everything (self);

  return GTK_WINDOW_CLASS (eoc_import_dialog_parent_class)->close_request (window);
}

/* GObject. */

static void
eoc_import_dialog_constructed (GObject *object)
{
  EocImportDialog *self = (EocImportDialog *) object;
  g_autofree char *warning = NULL;
  g_autofree char *hint = NULL;
  const char *version;

  G_OBJECT_CLASS (eoc_import_dialog_parent_class)->constructed (object);

  g_return_if_fail (EOC_IS_CLIENT (self->client));
  g_return_if_fail (EOC_IS_ENVIRONMENT (self->environment));

  /* Translators: %s is the name of an environment. */
  warning = g_strdup_printf (_("Importing a configuration file erases the current configuration "
                               "of “%s”. Make sure it is backed up before you import."),
                             environment_name (self));
  gtk_label_set_label (self->warning_label, warning);

  version = eoc_environment_get_version (self->environment);
  if (version != NULL)
    /* Translators: %s is a version, such as 2.1.0. */
    hint = g_strdup_printf (_("A ZIP archive downloaded from a backup, for version %s"), version);
  else
    hint = g_strdup (_("A ZIP archive downloaded from a backup"));
  gtk_label_set_label (self->hint_label, hint);
}

static void
eoc_import_dialog_dispose (GObject *object)
{
  EocImportDialog *self = (EocImportDialog *) object;

  stop_everything (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file_cancellable);

  if (self->change_rows != NULL && self->changes_row != NULL)
    clear_change_rows (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_IMPORT_DIALOG);

  g_clear_object (&self->file);
  g_clear_object (&self->client);
  g_clear_object (&self->environment);

  G_OBJECT_CLASS (eoc_import_dialog_parent_class)->dispose (object);
}

static void
eoc_import_dialog_finalize (GObject *object)
{
  EocImportDialog *self = (EocImportDialog *) object;

  g_clear_pointer (&self->change_rows, g_ptr_array_unref);
  g_free (self->file_name);

  G_OBJECT_CLASS (eoc_import_dialog_parent_class)->finalize (object);
}

static void
eoc_import_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EocImportDialog *self = EOC_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_import_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EocImportDialog *self = EOC_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_set_object (&self->client, g_value_get_object (value));
      break;

    case PROP_ENVIRONMENT:
      g_set_object (&self->environment, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_import_dialog_class_init (EocImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = eoc_import_dialog_constructed;
  object_class->dispose = eoc_import_dialog_dispose;
  object_class->finalize = eoc_import_dialog_finalize;
  object_class->get_property = eoc_import_dialog_get_property;
  object_class->set_property = eoc_import_dialog_set_property;

  window_class->close_request = eoc_import_dialog_close_request;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, EOC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, EOC_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EocImportDialog::operation-started:
   * @operation: the import, as the service started it
   *
   * The import has started on the service; the dialog closes.
   */
  signals[OPERATION_STARTED] =
    g_signal_new ("operation-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EOC_TYPE_OPERATION);

  /**
   * EocImportDialog::add-toast:
   * @toast: what to show
   *
   * Asks the window to show a toast, after the dialog has closed.
   */
  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, backup_switch);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, cancel_upload_button);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, changes_error_row);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, changes_loading_row);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, changes_row);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, changes_spinner);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, import_error_label);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, no_changes_row);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, refusal_box);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, refusal_title_label);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, trash_button);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, upload_progress);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, uploading_name_label);
  gtk_widget_class_bind_template_child (widget_class, EocImportDialog, warning_label);

  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "import.cancel-upload", NULL,
                                   cancel_upload_action);
  gtk_widget_class_install_action (widget_class, "import.remove-file", NULL, remove_file_action);
  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
eoc_import_dialog_init (EocImportDialog *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->file_cancellable = g_cancellable_new ();
  self->change_rows = g_ptr_array_new ();

  /* The whole dialog takes drops; the drop area lights up (see style.css). */
  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "accept", G_CALLBACK (drop_accept_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  set_state (self, STATE_CHOOSE);
}

/**
 * eoc_import_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @client: the service's client
 * @environment: the environment to import into
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
EocImportDialog *
eoc_import_dialog_new (GtkWindow      *parent,
                       EocClient      *client,
                       EocEnvironment *environment)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EOC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (environment), NULL);

  return g_object_new (EOC_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       "client", client,
                       "environment", environment,
                       NULL);
}

/**
 * eoc_import_dialog_upload_file:
 * @self: the dialog
 * @file: a configuration file on this computer
 *
 * Uploads @file as if it had been dropped on the dialog, in place of any
 * file the dialog had (which is discarded on the service). Does nothing
 * while an import is being started.
 */
void
eoc_import_dialog_upload_file (EocImportDialog *self,
                               GFile           *file)
{
  g_return_if_fail (EOC_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->state == STATE_IMPORTING)
    return;

  start_file (self, file);
}
