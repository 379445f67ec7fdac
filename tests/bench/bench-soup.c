/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-soup: the ceiling of the stack the service is built on. A SoupServer
 * that does nothing but answer every request with the bytes of FILE, served
 * the way eoc-server serves: one thread a processor, each with its own main
 * context and SoupServer on a listening socket of its own (SO_REUSEPORT), and
 * each answer in one TCP segment (TCP_CORK until it is written). No routes, no
 * tokens, no cache: what libsoup and GLib cost on their own.
 *
 *   bench-soup FILE
 *
 * Prints "http://127.0.0.1:PORT" once every thread listens, and serves until
 * killed.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <libsoup/soup.h>

static GBytes *body;

static void
cork (SoupServerMessage *msg,
      int                value)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    setsockopt (g_socket_get_fd (socket), IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

static void
uncork_cb (SoupServer        *server,
           SoupServerMessage *msg,
           gpointer           data)
{
  cork (msg, 0);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  cork (msg, 1);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Content-Type",
                               "application/json");
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

/* On 127.0.0.1:@port, shared with the other threads' (SO_REUSEPORT); bound
 * natively, since g_socket_bind() turns SO_REUSEPORT off on stream sockets. */
static GSocket *
listening_socket (guint16 port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = g_htons (port),
                                 .sin_addr.s_addr = g_htonl (INADDR_LOOPBACK) };
  g_autoptr(GError) error = NULL;
  GSocket *listening;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int on = 1;

  if (fd < 0 ||
      setsockopt (fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0 ||
      bind (fd, (struct sockaddr *) &address, sizeof address) != 0 ||
      listen (fd, 128) != 0)
    g_error ("bench-soup: cannot listen on port %u: %s", port, g_strerror (errno));
  listening = g_socket_new_from_fd (fd, &error);
  if (listening == NULL)
    g_error ("bench-soup: %s", error->message);
  return listening;
}

static gpointer
serve (gpointer data)
{
  g_autoptr(GSocket) socket = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  server = soup_server_new ("server-header", "bench-soup ", NULL);
  g_signal_connect (server, "request-finished", G_CALLBACK (uncork_cb), NULL);
  g_signal_connect (server, "request-aborted", G_CALLBACK (uncork_cb), NULL);
  soup_server_add_handler (server, NULL, handler_cb, NULL, NULL);
  if (!soup_server_listen_socket (server, socket, 0, &error))
    g_error ("bench-soup: %s", error->message);
  g_main_loop_run (loop);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  guint n_threads = g_get_num_processors ();
  GSocket *first;
  guint16 port;
  char *text;
  gsize length;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: bench-soup FILE\n");
      return 2;
    }
  if (!g_file_get_contents (argv[1], &text, &length, &error))
    g_error ("bench-soup: %s", error->message);
  body = g_bytes_new_take (text, length);

  first = listening_socket (0);
  address = g_socket_get_local_address (first, &error);
  if (address == NULL)
    g_error ("bench-soup: %s", error->message);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  for (guint i = 1; i < n_threads; i++)
    g_thread_unref (g_thread_new ("bench-soup", serve, listening_socket (port)));

  /* The sockets listen already: connections wait in their queues. */
  printf ("http://127.0.0.1:%u\n", port);
  fflush (stdout);
  serve (first);
  return 0;
}
