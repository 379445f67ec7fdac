/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-schedule-dialog"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "eoc-format.h"
#include "eoc-schedule-dialog.h"
#include "eoc-toast.h"
#include "eoc-tooltip.h"

struct _EocScheduleDialog
{
  AdwWindow       parent_instance;

  AdwComboRow    *day_of_month_row;
  AdwComboRow    *day_of_week_row;
  AdwActionRow   *enabled_row;
  GtkSwitch      *enabled_switch;
  GtkLabel       *error_label;
  AdwStatusPage  *failed_page;
  AdwComboRow    *frequency_row;
  GtkLabel       *invalid_label;
  GtkBox         *next_box;
  GtkLabel       *next_label;
  AdwComboRow    *retention_row;
  GtkButton      *save_button;
  GtkSpinner     *spinner;
  GtkStack       *stack;
  AdwEntryRow    *time_row;
  AdwEntryRow    *time_zone_row;
  AdwWindowTitle *window_title;

  EocClient      *client;
  EocEnvironment *environment;
  EocSchedule    *original;       /* what the fields started from, or NULL while loading */
  gboolean        filling;        /* the fields are being set from a schedule */
  gboolean        saving;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (EocScheduleDialog, eoc_schedule_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ADD_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The choices of the combo rows, in the order of their models. */
static const guint retention_choices[] = { 10, 20, 30, 60 };

/* Reading and checking the fields. */

/* "2:00" and "02:00" both mean 02:00; writes it as the service does. */
static char *
normalize_time (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *padded = NULL;
  guint hour, minute;

  if (strlen (stripped) == 4 && stripped[1] == ':')
    padded = g_strconcat ("0", stripped, NULL);
  else
    padded = g_steal_pointer (&stripped);

  if (!eoc_schedule_parse_time (padded, &hour, &minute))
    return NULL;

  return g_strdup_printf ("%02u:%02u", hour, minute);
}

/*
 * A time zone as the service accepts it: "UTC", or an IANA name with a slash
 * ("Europe/Paris") that the system knows. GLib also reads offsets ("+05:30")
 * and POSIX rules ("ABC5"), which the service refuses.
 */
static gboolean
is_time_zone_name (const char *text)
{
  g_autoptr(GTimeZone) zone = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 64 || !g_ascii_isalpha (text[0]))
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("/_-+", *p) == NULL)
        return FALSE;
      if (*p == '/' && (p[1] == '/' || p[1] == '\0'))
        return FALSE;
    }

  if (strstr (text, "..") != NULL || g_str_has_prefix (text, "posix/") ||
      g_str_has_prefix (text, "right/"))
    return FALSE;

  if (strcmp (text, "UTC") != 0 && strchr (text, '/') == NULL)
    return FALSE;

  zone = g_time_zone_new_identifier (text);
  return zone != NULL;
}

/* The local time zone's IANA name, when it has one the service accepts. */
static char *
local_time_zone_name (void)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  const char *name = g_time_zone_get_identifier (local);

  if (is_time_zone_name (name))
    return g_strdup (name);
  return g_strdup ("UTC");
}

static guint
retention_index (guint days)
{
  for (guint i = 0; i < G_N_ELEMENTS (retention_choices); i++)
    {
      if (retention_choices[i] == days)
        return i;
    }

  /* Not a choice here: the service's default. */
  return 2;
}

/* The schedule the fields describe; NULL and @problem set when they are not valid. */
static EocSchedule *
read_fields (EocScheduleDialog  *self,
             const char        **problem)
{
  g_autoptr(EocSchedule) schedule = eoc_schedule_copy (self->original);
  g_autofree char *time = normalize_time (gtk_editable_get_text (GTK_EDITABLE (self->time_row)));
  g_autofree char *zone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->time_zone_row))));
  guint retention = adw_combo_row_get_selected (self->retention_row);

  *problem = NULL;
  if (time == NULL)
    *problem = _("Enter the time as hours and minutes, from 00:00 to 23:59.");
  else if (!is_time_zone_name (zone))
    *problem = _("Enter a time zone by its name, such as Europe/Paris, America/New_York or UTC.");
  if (*problem != NULL)
    return NULL;

  eoc_schedule_set_enabled (schedule, gtk_switch_get_active (self->enabled_switch));
  eoc_schedule_set_frequency (schedule, adw_combo_row_get_selected (self->frequency_row));
  eoc_schedule_set_day_of_week (schedule,
                                MIN (adw_combo_row_get_selected (self->day_of_week_row), 6) + 1);
  eoc_schedule_set_day_of_month (schedule,
                                 MIN (adw_combo_row_get_selected (self->day_of_month_row), 27) + 1);
  eoc_schedule_set_time (schedule, time);
  eoc_schedule_set_time_zone (schedule, zone);
  eoc_schedule_set_retention_days (schedule,
                                   retention_choices[MIN (retention,
                                                          G_N_ELEMENTS (retention_choices) - 1)]);

  return g_steal_pointer (&schedule);
}

/* "14:05 Europe/Paris": @time on the clock of the schedule's time zone, or
 * NULL when that clock reads the same as the user's. */
static char *
schedule_clock (EocSchedule *schedule,
                GDateTime   *time)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (eoc_schedule_get_time_zone (schedule));
  g_autoptr(GDateTime) there = NULL;
  g_autoptr(GDateTime) here = g_date_time_to_local (time);
  g_autofree char *clock = NULL;

  if (zone == NULL)
    return NULL;
  there = g_date_time_to_timezone (time, zone);
  if (there == NULL || here == NULL ||
      g_date_time_get_utc_offset (there) == g_date_time_get_utc_offset (here))
    return NULL;

  clock = g_date_time_format (there, "%H:%M");
  return g_strdup_printf ("%s %s", clock, eoc_schedule_get_time_zone (schedule));
}

static gboolean
same_schedule (EocSchedule *a,
               EocSchedule *b)
{
  return eoc_schedule_get_enabled (a) == eoc_schedule_get_enabled (b) &&
         eoc_schedule_get_frequency (a) == eoc_schedule_get_frequency (b) &&
         eoc_schedule_get_day_of_week (a) == eoc_schedule_get_day_of_week (b) &&
         eoc_schedule_get_day_of_month (a) == eoc_schedule_get_day_of_month (b) &&
         g_strcmp0 (eoc_schedule_get_time (a), eoc_schedule_get_time (b)) == 0 &&
         g_strcmp0 (eoc_schedule_get_time_zone (a), eoc_schedule_get_time_zone (b)) == 0 &&
         eoc_schedule_get_retention_days (a) == eoc_schedule_get_retention_days (b);
}

static void
set_row_error (GtkWidget *row,
               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* Shows what the fields mean: which rows apply, the next backup, and whether Save can. */
static void
update (EocScheduleDialog *self)
{
  g_autoptr(EocSchedule) schedule = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *time = NULL;
  EocScheduleFrequency frequency;
  const char *problem = NULL;
  gboolean enabled, changed = FALSE;

  if (self->original == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "schedule.save", FALSE);
      return;
    }

  enabled = gtk_switch_get_active (self->enabled_switch);
  frequency = adw_combo_row_get_selected (self->frequency_row);
  gtk_widget_set_visible (GTK_WIDGET (self->day_of_week_row),
                          frequency == EOC_SCHEDULE_FREQUENCY_WEEKLY);
  gtk_widget_set_visible (GTK_WIDGET (self->day_of_month_row),
                          frequency == EOC_SCHEDULE_FREQUENCY_MONTHLY);

  schedule = read_fields (self, &problem);
  time = normalize_time (gtk_editable_get_text (GTK_EDITABLE (self->time_row)));

  set_row_error (GTK_WIDGET (self->time_row), time == NULL);
  set_row_error (GTK_WIDGET (self->time_zone_row), schedule == NULL &&
                 !gtk_widget_has_css_class (GTK_WIDGET (self->time_row), "error"));
  gtk_label_set_label (self->invalid_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->invalid_label), problem != NULL);

  if (schedule != NULL)
    summary = eoc_format_schedule (schedule);
  if (summary != NULL)
    adw_action_row_set_subtitle (self->enabled_row, summary);
  else
    adw_action_row_set_subtitle (self->enabled_row,
                                 enabled ? "" : _("Off: back this environment up by hand"));

  if (schedule != NULL && enabled)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) next = eoc_schedule_compute_next_run (schedule, now);
      g_autofree char *when = next != NULL ? eoc_format_future_time (next, now) : NULL;
      g_autofree char *text = NULL;
      g_autofree char *exact = next != NULL ? eoc_format_exact_time (next) : NULL;

      /* Translators: %s is when, such as "Tomorrow at 02:00". */
      text = g_strdup_printf (_("Next backup: %s"), when != NULL ? when : _("Unknown time"));
      if (next != NULL)
        {
          g_autofree char *there = schedule_clock (schedule, next);

          if (there != NULL)
            {
              /* Translators: the next backup in the user's time, then in the schedule's
               * time zone: "Next backup: Tomorrow at 13:05 (14:05 Europe/Paris)". */
              g_autofree char *both = g_strdup_printf (_("%s (%s)"), text, there);

              g_free (text);
              text = g_steal_pointer (&both);
            }
        }
      gtk_label_set_label (self->next_label, text);
      eoc_widget_set_tooltip (GTK_WIDGET (self->next_label), exact);
      gtk_widget_set_visible (GTK_WIDGET (self->next_box), TRUE);
    }
  else
    {
      gtk_label_set_label (self->next_label, "");
      eoc_widget_set_tooltip (GTK_WIDGET (self->next_label), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->next_box), FALSE);
    }

  if (schedule != NULL)
    changed = !same_schedule (schedule, self->original);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schedule.save",
                                 schedule != NULL && changed && !self->saving);
}

static void
field_changed_cb (EocScheduleDialog *self)
{
  if (self->filling)
    return;

  /* What the service said no longer applies once the user changes something. */
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update (self);
}

static void
show_error (EocScheduleDialog *self,
            const GError      *error)
{
  gtk_label_set_label (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
set_saving (EocScheduleDialog *self,
            gboolean           saving)
{
  self->saving = saving;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !saving);
  update (self);
}

/* Loading. */

static void
fill (EocScheduleDialog *self,
      EocSchedule       *schedule)
{
  g_autoptr(GtkStringList) days = gtk_string_list_new (NULL);

  for (guint day = 1; day <= 28; day++)
    {
      g_autofree char *text = g_strdup_printf ("%u", day);

      gtk_string_list_append (days, text);
    }

  self->filling = TRUE;

  /* Scheduled backups never set up run in the user's own time zone. */
  self->original = eoc_schedule_copy (schedule);
  if (!eoc_schedule_get_enabled (schedule))
    {
      g_autofree char *local = local_time_zone_name ();

      if (eoc_schedule_get_last_run (schedule) == NULL)
        eoc_schedule_set_time_zone (self->original, local);
    }

  adw_combo_row_set_model (self->day_of_month_row, G_LIST_MODEL (days));
  gtk_switch_set_active (self->enabled_switch, eoc_schedule_get_enabled (self->original));
  adw_combo_row_set_selected (self->frequency_row, eoc_schedule_get_frequency (self->original));
  adw_combo_row_set_selected (self->day_of_week_row,
                              CLAMP (eoc_schedule_get_day_of_week (self->original), 1, 7) - 1);
  adw_combo_row_set_selected (self->day_of_month_row,
                              CLAMP (eoc_schedule_get_day_of_month (self->original), 1, 28) - 1);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), eoc_schedule_get_time (self->original));
  gtk_editable_set_text (GTK_EDITABLE (self->time_zone_row),
                         eoc_schedule_get_time_zone (self->original));
  adw_combo_row_set_selected (self->retention_row,
                              retention_index (eoc_schedule_get_retention_days (self->original)));

  self->filling = FALSE;

  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "schedule");
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->enabled_switch));
}

static void
get_schedule_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EocScheduleDialog) self = user_data;
  g_autoptr(EocSchedule) schedule = NULL;
  g_autoptr(GError) error = NULL;

  schedule = eoc_client_get_schedule_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (schedule == NULL)
    {
      g_autofree char *markup = g_markup_escape_text (error->message, -1);

      gtk_spinner_stop (self->spinner);
      adw_status_page_set_description (self->failed_page, markup);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }

  fill (self, schedule);
}

/* Saving. */

static void
set_schedule_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EocScheduleDialog) self = user_data;
  g_autoptr(EocSchedule) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = eoc_client_set_schedule_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (saved == NULL)
    {
      set_saving (self, FALSE);
      show_error (self, error);
      return;
    }

  if (eoc_schedule_get_enabled (saved) || !eoc_schedule_get_enabled (self->original))
    g_signal_emit (self, signals[ADD_TOAST], 0, eoc_toast_new (_("Scheduled backups saved")));
  else
    g_signal_emit (self, signals[ADD_TOAST], 0, eoc_toast_new (_("Scheduled backups turned off")));

  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EocScheduleDialog *self = EOC_SCHEDULE_DIALOG (widget);
  g_autoptr(EocSchedule) schedule = NULL;
  const char *problem;

  if (self->original == NULL || self->saving)
    return;

  schedule = read_fields (self, &problem);
  if (schedule == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_saving (self, TRUE);
  eoc_client_set_schedule_async (self->client, eoc_environment_get_id (self->environment),
                                 schedule, self->cancellable, set_schedule_cb,
                                 g_object_ref (self));
}

/* GObject. */

static gboolean
eoc_schedule_dialog_close_request (GtkWindow *window)
{
  EocScheduleDialog *self = EOC_SCHEDULE_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (eoc_schedule_dialog_parent_class)->close_request (window);
}

static void
eoc_schedule_dialog_constructed (GObject *object)
{
  EocScheduleDialog *self = EOC_SCHEDULE_DIALOG (object);

  G_OBJECT_CLASS (eoc_schedule_dialog_parent_class)->constructed (object);

  g_return_if_fail (self->client != NULL && self->environment != NULL);

  adw_window_title_set_subtitle (self->window_title, eoc_environment_get_name (self->environment));
  update (self);
  eoc_client_get_schedule_async (self->client, eoc_environment_get_id (self->environment),
                                 self->cancellable, get_schedule_cb, g_object_ref (self));
}

static void
eoc_schedule_dialog_dispose (GObject *object)
{
  EocScheduleDialog *self = EOC_SCHEDULE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_SCHEDULE_DIALOG);

  g_clear_object (&self->client);
  g_clear_object (&self->environment);
  g_clear_object (&self->original);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (eoc_schedule_dialog_parent_class)->dispose (object);
}

static void
eoc_schedule_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EocScheduleDialog *self = EOC_SCHEDULE_DIALOG (object);

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
eoc_schedule_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  EocScheduleDialog *self = EOC_SCHEDULE_DIALOG (object);

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
eoc_schedule_dialog_class_init (EocScheduleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = eoc_schedule_dialog_constructed;
  object_class->dispose = eoc_schedule_dialog_dispose;
  object_class->get_property = eoc_schedule_dialog_get_property;
  object_class->set_property = eoc_schedule_dialog_set_property;

  window_class->close_request = eoc_schedule_dialog_close_request;

  /**
   * EocScheduleDialog:client:
   *
   * The client of the service the environment is on.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         EOC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocScheduleDialog:environment:
   *
   * The environment whose scheduled backups are set.
   */
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL,
                         EOC_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EocScheduleDialog::add-toast:
   * @toast: what to show
   *
   * Asks the window to show a toast, once the schedule is saved.
   */
  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-schedule-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, day_of_month_row);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, day_of_week_row);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, enabled_row);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, failed_page);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, frequency_row);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, invalid_label);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, next_box);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, next_label);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, retention_row);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, time_zone_row);
  gtk_widget_class_bind_template_child (widget_class, EocScheduleDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "schedule.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
eoc_schedule_dialog_init (EocScheduleDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/**
 * eoc_schedule_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @client: the client of the service
 * @environment: the environment whose schedule to set
 *
 * Returns: (transfer none): a new dialog, not yet presented; it loads the
 *   schedule at once
 */
EocScheduleDialog *
eoc_schedule_dialog_new (GtkWindow      *parent,
                         EocClient      *client,
                         EocEnvironment *environment)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EOC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (environment), NULL);

  return g_object_new (EOC_TYPE_SCHEDULE_DIALOG,
                       "transient-for", parent,
                       "client", client,
                       "environment", environment,
                       NULL);
}

EocClient *
eoc_schedule_dialog_get_client (EocScheduleDialog *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE_DIALOG (self), NULL);

  return self->client;
}

EocEnvironment *
eoc_schedule_dialog_get_environment (EocScheduleDialog *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE_DIALOG (self), NULL);

  return self->environment;
}
