/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-backup-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-backup-dialog.h"

/* The service's limit on names (eoc_name_validate() in the server). */
#define MAX_NAME_LENGTH 100
/* How long typing must pause before the name is looked up on the service. */
#define CHECK_DELAY_MS 300
/* Backups asked for per page when looking a name up. */
#define CHECK_PAGE_SIZE 500

typedef enum {
  NAME_OK,
  NAME_EMPTY,
  NAME_TOO_LONG,
  NAME_CONTROL_CHARACTERS,
  NAME_TAKEN,
} NameProblem;

struct _EocBackupDialog
{
  AdwWindow       parent_instance;

  GtkBox         *error_box;
  GtkLabel       *error_label;
  GtkLabel       *hint_label;
  GtkLabel       *intro_label;
  AdwEntryRow    *name_row;
  GtkSpinner     *save_spinner;

  EocClient      *client;
  EocEnvironment *environment;

  GHashTable     *taken_names;        /* folded names known to be taken */
  char           *checking_name;      /* the name being looked up, or NULL */
  guint           check_source;       /* the pause before the look-up */
  gboolean        setting_text;       /* the text is set by the dialog, not typed */
  gboolean        edited;             /* the user has typed in the field */
  gboolean        suggesting;         /* the suggested name is on its way */
  gboolean        saving;

  GCancellable   *cancellable;        /* the dialog's requests */
  GCancellable   *check_cancellable;  /* the current look-up of the name */
};

G_DEFINE_FINAL_TYPE (EocBackupDialog, eoc_backup_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPERATION_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
environment_name (EocBackupDialog *self)
{
  const char *name = self->environment != NULL ? eoc_environment_get_name (self->environment) : NULL;

  return name != NULL && *name != '\0' ? name : _("Unnamed environment");
}

/* The name as the service will store it: without the spaces around it. */
static char *
dup_trimmed_name (EocBackupDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

/* The service compares backup names without regard to ASCII case (SQLite's NOCASE). */
static char *
fold_name (const char *name)
{
  return g_ascii_strdown (name, -1);
}

static gboolean
name_is_known_taken (EocBackupDialog *self,
                     const char      *name)
{
  g_autofree char *folded = fold_name (name);

  return g_hash_table_contains (self->taken_names, folded);
}

static void
remember_taken_name (EocBackupDialog *self,
                     const char      *name)
{
  g_hash_table_add (self->taken_names, fold_name (name));
}

/* The same rules as the service's, so that what is refused is said at once. */
static NameProblem
validate_name (EocBackupDialog *self,
               const char      *trimmed)
{
  if (*trimmed == '\0')
    return NAME_EMPTY;

  if (g_utf8_strlen (trimmed, -1) > MAX_NAME_LENGTH)
    return NAME_TOO_LONG;

  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (g_unichar_iscntrl (c) || type == G_UNICODE_FORMAT ||
          type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        return NAME_CONTROL_CHARACTERS;
    }

  if (name_is_known_taken (self, trimmed))
    return NAME_TAKEN;

  return NAME_OK;
}

static void
update (EocBackupDialog *self)
{
  g_autofree char *trimmed = dup_trimmed_name (self);
  g_autofree char *help = NULL;
  NameProblem problem = validate_name (self, trimmed);
  const char *why = NULL;
  gboolean loading;

  /* Until the suggested name comes, an empty field is not the user's doing. */
  loading = self->suggesting && !self->edited;

  switch (problem)
    {
    case NAME_EMPTY:
      why = loading ? NULL : _("Enter a name for the backup");
      break;

    case NAME_TOO_LONG:
      /* Translators: %d is the longest name allowed, in characters. */
      why = help = g_strdup_printf (_("The name can be at most %d characters long"), MAX_NAME_LENGTH);
      break;

    case NAME_CONTROL_CHARACTERS:
      why = _("The name cannot contain control characters, such as tabs or line breaks");
      break;

    case NAME_TAKEN:
      why = _("A backup with this name already exists");
      break;

    case NAME_OK:
    default:
      break;
    }

  if (why != NULL)
    {
      gtk_label_set_label (self->hint_label, why);
      gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
    }
  else
    {
      g_clear_pointer (&help, g_free);
      if (loading)
        help = g_strdup (_("Finding a free name…"));
      else
        /* Translators: %s is an environment's name. */
        help = g_strdup_printf (_("Each backup of “%s” has its own name."), environment_name (self));
      gtk_label_set_label (self->hint_label, help);
      gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
    }

  /* Not insensitive: the field keeps the focus (and its cursor) while saving. */
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !self->saving);
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), self->saving);
  gtk_spinner_set_spinning (self->save_spinner, self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backup.save",
                                 problem == NAME_OK && !self->saving &&
                                 self->client != NULL && self->environment != NULL);
}

static void
show_error (EocBackupDialog *self,
            const char      *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), message != NULL);
}

/* Looking the name up on the service. */

static void look_up_page (EocBackupDialog *self,
                          const char      *cursor);

static void
list_backups_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EocBackupDialog) self = user_data;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;
  g_autofree char *folded = NULL;

  backups = eoc_client_list_backups_finish (EOC_CLIENT (object), result, &next_cursor, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->checking_name == NULL)
    return;

  /* The service has the last word when the backup is made. */
  if (backups == NULL)
    {
      g_debug ("Could not look up the backup name: %s", error->message);
      g_clear_pointer (&self->checking_name, g_free);
      return;
    }

  folded = fold_name (self->checking_name);
  for (guint i = 0; i < backups->len; i++)
    {
      g_autofree char *other = fold_name (eoc_backup_get_name (g_ptr_array_index (backups, i)));

      if (g_str_equal (other, folded))
        {
          remember_taken_name (self, self->checking_name);
          g_clear_pointer (&self->checking_name, g_free);
          update (self);
          return;
        }
    }

  /* The query matches names that contain it: the exact one may be further on. */
  if (next_cursor != NULL)
    {
      look_up_page (self, next_cursor);
      return;
    }

  g_clear_pointer (&self->checking_name, g_free);
}

static void
look_up_page (EocBackupDialog *self,
              const char      *cursor)
{
  eoc_client_list_backups_async (self->client, eoc_environment_get_id (self->environment),
                                 self->checking_name, CHECK_PAGE_SIZE, cursor,
                                 self->check_cancellable, list_backups_cb, g_object_ref (self));
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  EocBackupDialog *self = user_data;

  self->check_source = 0;
  if (self->client == NULL || self->environment == NULL)
    return G_SOURCE_REMOVE;

  g_clear_pointer (&self->checking_name, g_free);
  self->checking_name = dup_trimmed_name (self);
  self->check_cancellable = g_cancellable_new ();
  look_up_page (self, NULL);

  return G_SOURCE_REMOVE;
}

static void
cancel_check (EocBackupDialog *self)
{
  g_clear_handle_id (&self->check_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_pointer (&self->checking_name, g_free);
}

static void
name_changed_cb (EocBackupDialog *self)
{
  g_autofree char *trimmed = NULL;

  if (!self->setting_text)
    self->edited = TRUE;

  cancel_check (self);
  update (self);

  trimmed = dup_trimmed_name (self);
  if (validate_name (self, trimmed) == NAME_OK)
    self->check_source = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
}

static void
name_activated_cb (EocBackupDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "backup.save", NULL);
}

/* The suggested name. */

static void
suggested_name_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EocBackupDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  name = eoc_client_get_suggested_backup_name_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->suggesting = FALSE;

  if (name == NULL)
    {
      /* The user can still type a name; the reason shows in case it stops Save too. */
      show_error (self, error->message);
      update (self);
      return;
    }

  /* What the user typed meanwhile wins. */
  if (self->edited)
    {
      update (self);
      return;
    }

  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  self->setting_text = FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0, -1);
}

/* Saving. */

static void
create_backup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EocBackupDialog) self = user_data;
  g_autoptr(EocBackup) backup = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  backup = eoc_client_create_backup_finish (EOC_CLIENT (object), result, &operation, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;

  if (error != NULL)
    {
      if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NAME_TAKEN))
        {
          g_autofree char *trimmed = dup_trimmed_name (self);

          /* Taken meanwhile: said in the field, as when typing. */
          remember_taken_name (self, trimmed);
        }
      else
        {
          show_error (self, error->message);
        }

      update (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  if (operation != NULL)
    g_signal_emit (self, signals[OPERATION_STARTED], 0, operation);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EocBackupDialog *self = EOC_BACKUP_DIALOG (widget);
  g_autofree char *trimmed = dup_trimmed_name (self);

  if (self->saving || self->client == NULL || self->environment == NULL ||
      validate_name (self, trimmed) != NAME_OK)
    return;

  cancel_check (self);
  show_error (self, NULL);
  self->saving = TRUE;
  update (self);

  eoc_client_create_backup_async (self->client, eoc_environment_get_id (self->environment), trimmed,
                                  self->cancellable, create_backup_cb, g_object_ref (self));
}

/* GObject. */

static gboolean
eoc_backup_dialog_close_request (GtkWindow *window)
{
  EocBackupDialog *self = EOC_BACKUP_DIALOG (window);

  cancel_check (self);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (eoc_backup_dialog_parent_class)->close_request (window);
}

static void
eoc_backup_dialog_constructed (GObject *object)
{
  EocBackupDialog *self = (EocBackupDialog *) object;
  g_autofree char *intro = NULL;

  G_OBJECT_CLASS (eoc_backup_dialog_parent_class)->constructed (object);

  /* Translators: %s is an environment's name. */
  intro = g_strdup_printf (_("The backup keeps a copy of the current configuration of “%s”, "
                             "which you can restore later."), environment_name (self));
  gtk_label_set_label (self->intro_label, intro);

  self->suggesting = self->client != NULL && self->environment != NULL;
  if (self->suggesting)
    eoc_client_get_suggested_backup_name_async (self->client,
                                                eoc_environment_get_id (self->environment),
                                                self->cancellable, suggested_name_cb,
                                                g_object_ref (self));
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
eoc_backup_dialog_dispose (GObject *object)
{
  EocBackupDialog *self = (EocBackupDialog *) object;

  cancel_check (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_BACKUP_DIALOG);
  g_clear_object (&self->client);
  g_clear_object (&self->environment);

  G_OBJECT_CLASS (eoc_backup_dialog_parent_class)->dispose (object);
}

static void
eoc_backup_dialog_finalize (GObject *object)
{
  EocBackupDialog *self = (EocBackupDialog *) object;

  g_hash_table_unref (self->taken_names);
  g_free (self->checking_name);

  G_OBJECT_CLASS (eoc_backup_dialog_parent_class)->finalize (object);
}

static void
eoc_backup_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EocBackupDialog *self = EOC_BACKUP_DIALOG (object);

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
eoc_backup_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EocBackupDialog *self = EOC_BACKUP_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_ENVIRONMENT:
      self->environment = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_backup_dialog_class_init (EocBackupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = eoc_backup_dialog_constructed;
  object_class->dispose = eoc_backup_dialog_dispose;
  object_class->finalize = eoc_backup_dialog_finalize;
  object_class->get_property = eoc_backup_dialog_get_property;
  object_class->set_property = eoc_backup_dialog_set_property;
  window_class->close_request = eoc_backup_dialog_close_request;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, EOC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, EOC_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EocBackupDialog::operation-started:
   * @operation: the backup being made
   *
   * The service has started making the backup. The dialog closes right after.
   */
  signals[OPERATION_STARTED] =
    g_signal_new ("operation-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EOC_TYPE_OPERATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-backup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EocBackupDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, EocBackupDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, EocBackupDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, EocBackupDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, EocBackupDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, EocBackupDialog, save_spinner);

  gtk_widget_class_bind_template_callback (widget_class, name_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);

  gtk_widget_class_install_action (widget_class, "backup.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
eoc_backup_dialog_init (EocBackupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->taken_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * eoc_backup_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @client: the service's client
 * @environment: the environment to back up
 *
 * Returns: (transfer none): a new Create Backup dialog, not yet presented
 */
EocBackupDialog *
eoc_backup_dialog_new (GtkWindow      *parent,
                       EocClient      *client,
                       EocEnvironment *environment)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EOC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (environment), NULL);

  return g_object_new (EOC_TYPE_BACKUP_DIALOG,
                       "transient-for", parent,
                       "client", client,
                       "environment", environment,
                       NULL);
}

EocClient *
eoc_backup_dialog_get_client (EocBackupDialog *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP_DIALOG (self), NULL);

  return self->client;
}

EocEnvironment *
eoc_backup_dialog_get_environment (EocBackupDialog *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP_DIALOG (self), NULL);

  return self->environment;
}
