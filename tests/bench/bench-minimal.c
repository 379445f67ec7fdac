/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-minimal: the floor of the start-up benchmark. A libadwaita window with
 * a header bar and a status page; prints "first_frame_ms N" (since the
 * driver's exec, EOC_BENCH_T0) at its first painted frame, then quits.
 */

#include "config.h"

#include <stdio.h>
#include <adwaita.h>

#include "bench-common.h"

static gint64 started;

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWindow     *window)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  printf ("first_frame_ms %.2f\n", bench_ms_since_t0 (started));
  fflush (stdout);
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static void
realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), window);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Env Ops Center");
  adw_status_page_set_description (ADW_STATUS_PAGE (status), "A minimal window");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "network-server-symbolic");
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  started = g_get_monotonic_time ();
  app = adw_application_new ("io.github.envops.BenchMinimal", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
