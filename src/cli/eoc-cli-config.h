/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-config.h: where eocctl finds the service and the token: the
 * command line first, then the environment (EOC_SERVER_URL, EOC_TOKEN), then
 * the configuration file, a GKeyFile with a [connection] group:
 *
 *   [connection]
 *   url=https://eoc.example.com:8443
 *   token=eoc_...
 *
 * The file holds a secret, so like ssh it is refused when anyone but its
 * owner may read or change it.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EOC_CLI_CONFIG_ERROR (eoc_cli_config_error_quark ())

typedef enum {
  EOC_CLI_CONFIG_ERROR_INSECURE,  /* readable or writable by others, or not the user's */
  EOC_CLI_CONFIG_ERROR_INVALID,   /* not a key file, or the values are not usable */
  EOC_CLI_CONFIG_ERROR_MISSING,   /* no URL or no token anywhere */
} EocCliConfigError;

GQuark eoc_cli_config_error_quark (void);

typedef struct {
  char *url;
  char *token;
  char *url_source;    /* where the URL came from, for messages */
  char *token_source;
} EocCliConnection;

char             *eoc_cli_config_default_path (void);

gboolean          eoc_cli_config_check_file   (const char        *path,
                                               GError           **error);
gboolean          eoc_cli_config_load_file    (const char        *path,
                                               char             **url,
                                               char             **token,
                                               GError           **error);

EocCliConnection *eoc_cli_connection_resolve  (const char        *url_option,
                                               const char        *token_option,
                                               const char        *config_path,
                                               GError           **error);
void              eoc_cli_connection_free     (EocCliConnection  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocCliConnection, eoc_cli_connection_free)

G_END_DECLS
