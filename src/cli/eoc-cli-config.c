/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eoc-cli-config.h"

/* A configuration file is a few lines; anything much bigger is not one. */
#define MAX_CONFIG_SIZE (64 * 1024)

G_DEFINE_QUARK (eoc-cli-config-error-quark, eoc_cli_config_error)

/**
 * eoc_cli_config_default_path:
 *
 * Returns: (transfer full): `$XDG_CONFIG_HOME/env-ops-center/eocctl.conf`
 */
char *
eoc_cli_config_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "env-ops-center", "eocctl.conf", NULL);
}

static gboolean
check_stat (const char        *path,
            const struct stat *st,
            GError           **error)
{
  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_INVALID,
                   _("%s is not a regular file"), path);
      return FALSE;
    }

  if (st->st_uid != getuid ())
    {
      g_set_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_INSECURE,
                   _("%s belongs to another user, and it holds your token: it is not read. "
                     "Create your own with mode 600."), path);
      return FALSE;
    }

  if ((st->st_mode & 0077) != 0)
    {
      g_set_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_INSECURE,
                   _("Permissions %04o for %s are too open: it holds your token, so only you "
                     "may read it, and it is not read. Fix it with: chmod 600 %s"),
                   (guint) (st->st_mode & 07777), path, path);
      return FALSE;
    }

  return TRUE;
}

/**
 * eoc_cli_config_check_file:
 * @path: a configuration file that exists
 * @error: return location for an error
 *
 * Checks that the file is the user's own and private, as ssh checks a key.
 *
 * Returns: %TRUE when it may be read
 */
gboolean
eoc_cli_config_check_file (const char  *path,
                           GError     **error)
{
  struct stat st;

  if (g_lstat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot read %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }

  /* A symbolic link is followed, and the file it points to checked. */
  if (S_ISLNK (st.st_mode) && g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot read %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }

  return check_stat (path, &st, error);
}

static char *
read_value (GKeyFile   *keyfile,
            const char *key)
{
  g_autofree char *value = g_key_file_get_string (keyfile, "connection", key, NULL);

  if (value == NULL)
    return NULL;
  g_strstrip (value);
  if (*value == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

/**
 * eoc_cli_config_load_file:
 * @path: the configuration file
 * @url: (out) (optional): the URL in it, or %NULL
 * @token: (out) (optional): the token in it, or %NULL
 * @error: return location for an error
 *
 * Reads the [connection] group of the file. The file is opened first and its
 * owner and mode checked on what was opened, so that it cannot be swapped
 * between the check and the read.
 *
 * Returns: %TRUE when the file was read; %FALSE with a %G_IO_ERROR_NOT_FOUND
 *   error when it does not exist
 */
gboolean
eoc_cli_config_load_file (const char  *path,
                          char       **url,
                          char       **token,
                          GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  struct stat st;
  gsize length = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot read %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }

  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot read %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }

  if (!check_stat (path, &st, error))
    {
      close (fd);
      return FALSE;
    }

  data = g_malloc (MAX_CONFIG_SIZE + 1);
  while (length <= MAX_CONFIG_SIZE)
    {
      gssize n = read (fd, data + length, MAX_CONFIG_SIZE + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot read %s: %s"),
                       path, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      length += (gsize) n;
    }
  close (fd);

  if (length > MAX_CONFIG_SIZE)
    {
      g_set_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_INVALID,
                   _("%s is too big to be a configuration file"), path);
      return FALSE;
    }

  if (!g_key_file_load_from_data (keyfile, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_INVALID,
                   _("%s is not a valid configuration file: %s"), path, local_error->message);
      return FALSE;
    }

  if (url != NULL)
    *url = read_value (keyfile, "url");
  if (token != NULL)
    *token = read_value (keyfile, "token");
  return TRUE;
}

static char *
from_environment (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL)
    return NULL;
  while (g_ascii_isspace (*value))
    value++;
  if (*value == '\0')
    return NULL;
  return g_strstrip (g_strdup (value));
}

static gboolean
check_url (const char  *url,
           const char  *source,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_INVALID,
                   _("The service URL “%s” (from %s) is not an http:// or https:// address"),
                   url, source);
      return FALSE;
    }

  return TRUE;
}

/**
 * eoc_cli_connection_resolve:
 * @url_option: (nullable): the --server option
 * @token_option: (nullable): the --token option
 * @config_path: (nullable): the configuration file; %NULL for the default one
 * @error: return location for an error
 *
 * Finds the service's URL and the token: each from the command line, else
 * the environment, else the configuration file. The file is only read when
 * something is still missing.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
EocCliConnection *
eoc_cli_connection_resolve (const char  *url_option,
                            const char  *token_option,
                            const char  *config_path,
                            GError     **error)
{
  g_autoptr(EocCliConnection) self = g_new0 (EocCliConnection, 1);
  g_autofree char *default_path = NULL;

  if (url_option != NULL && *url_option != '\0')
    {
      self->url = g_strstrip (g_strdup (url_option));
      self->url_source = g_strdup ("--server");
    }
  else if ((self->url = from_environment ("EOC_SERVER_URL")) != NULL)
    self->url_source = g_strdup ("EOC_SERVER_URL");

  if (token_option != NULL && *token_option != '\0')
    {
      self->token = g_strstrip (g_strdup (token_option));
      self->token_source = g_strdup ("--token");
    }
  else if ((self->token = from_environment ("EOC_TOKEN")) != NULL)
    self->token_source = g_strdup ("EOC_TOKEN");

  if (config_path == NULL)
    config_path = default_path = eoc_cli_config_default_path ();

  if (self->url == NULL || self->token == NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *file_url = NULL;
      g_autofree char *file_token = NULL;

      if (!eoc_cli_config_load_file (config_path, &file_url, &file_token, &local_error))
        {
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }

      if (self->url == NULL && file_url != NULL)
        {
          self->url = g_steal_pointer (&file_url);
          self->url_source = g_strdup (config_path);
        }
      if (self->token == NULL && file_token != NULL)
        {
          self->token = g_steal_pointer (&file_token);
          self->token_source = g_strdup (config_path);
        }
    }

  if (self->url == NULL)
    {
      g_set_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_MISSING,
                   _("No service URL: give --server URL, set EOC_SERVER_URL, or put url= in the "
                     "[connection] group of %s"), config_path);
      return NULL;
    }

  if (!check_url (self->url, self->url_source, error))
    return NULL;

  if (self->token == NULL)
    {
      g_set_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_MISSING,
                   _("No token: give --token TOKEN, set EOC_TOKEN, or put token= in the "
                     "[connection] group of %s"), config_path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
eoc_cli_connection_free (EocCliConnection *self)
{
  if (self == NULL)
    return;

  g_free (self->url);
  g_clear_pointer (&self->token, g_free);
  g_free (self->url_source);
  g_free (self->token_source);
  g_free (self);
}
