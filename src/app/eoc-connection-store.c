/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-connection-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "eoc-connection-store.h"

struct _EocConnectionStore
{
  GObject     parent_instance;

  GSettings  *settings;
  GListStore *connections;
};

G_DEFINE_FINAL_TYPE (EocConnectionStore, eoc_connection_store, G_TYPE_OBJECT)

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.envops.Center.Token", SECRET_SCHEMA_NONE,
    {
      { "connection", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };

  return &schema;
}

static GHashTable *
token_attributes (const char *id,
                  const char *url)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "connection", (gpointer) id);
  if (url != NULL)
    g_hash_table_insert (attributes, (gpointer) "url", (gpointer) url);

  return attributes;
}

static void
reload (EocConnectionStore *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "connections");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GVariantIter iter;
  const char *id, *name, *url;

  g_ptr_array_add (items, eoc_connection_new_local ());

  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &id, &name, &url))
    {
      if (*id == '\0' || g_str_equal (id, EOC_CONNECTION_LOCAL_ID))
        continue;
      g_ptr_array_add (items, eoc_connection_new (id, name, url));
    }

  g_list_store_splice (self->connections, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->connections)),
                       items->pdata, items->len);
}

static void
connections_changed_cb (EocConnectionStore *self,
                        const char         *key,
                        GSettings          *settings)
{
  reload (self);
}

static void
eoc_connection_store_dispose (GObject *object)
{
  EocConnectionStore *self = (EocConnectionStore *) object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, connections_changed_cb, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->connections);

  G_OBJECT_CLASS (eoc_connection_store_parent_class)->dispose (object);
}

static void
eoc_connection_store_class_init (EocConnectionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eoc_connection_store_dispose;
}

static void
eoc_connection_store_init (EocConnectionStore *self)
{
  self->connections = g_list_store_new (EOC_TYPE_CONNECTION);
}

EocConnectionStore *
eoc_connection_store_new (GSettings *settings)
{
  EocConnectionStore *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (EOC_TYPE_CONNECTION_STORE, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::connections",
                           G_CALLBACK (connections_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);

  return self;
}

GListModel *
eoc_connection_store_get_connections (EocConnectionStore *self)
{
  g_return_val_if_fail (EOC_IS_CONNECTION_STORE (self), NULL);

  return G_LIST_MODEL (self->connections);
}

EocConnection *
eoc_connection_store_lookup (EocConnectionStore *self,
                             const char         *id)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (EOC_IS_CONNECTION_STORE (self), NULL);

  if (id == NULL)
    return NULL;

  model = G_LIST_MODEL (self->connections);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EocConnection) connection = g_list_model_get_item (model, i);

      if (g_strcmp0 (eoc_connection_get_id (connection), id) == 0)
        return g_steal_pointer (&connection);
    }

  return NULL;
}

gboolean
eoc_connection_store_check_url (const char  *url,
                                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the address of the service"));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The address must start with http:// or https:// and name a host"));
      return FALSE;
    }

  return TRUE;
}

/* Saving. */

typedef struct {
  char *id;
  char *name;
  char *url;
  char *token;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->id);
  g_free (data->name);
  g_free (data->url);
  if (data->token != NULL)
    {
      memset (data->token, 0, strlen (data->token));
      g_free (data->token);
    }
  g_free (data);
}

static void
write_settings (EocConnectionStore *self,
                const char         *id,
                const char         *name,
                const char         *url,
                gboolean            remove)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "connections");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *item_id, *item_name, *item_url;
  gboolean found = FALSE;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sss)"));
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &item_id, &item_name, &item_url))
    {
      if (g_str_equal (item_id, id))
        {
          found = TRUE;
          if (!remove)
            g_variant_builder_add (&builder, "(sss)", id, name, url);
        }
      else
        {
          g_variant_builder_add (&builder, "(sss)", item_id, item_name, item_url);
        }
    }
  if (!found && !remove)
    g_variant_builder_add (&builder, "(sss)", id, name, url);

  g_settings_set_value (self->settings, "connections", g_variant_builder_end (&builder));
  /* Update the model now rather than when GSettings tells us. */
  reload (self);
}

static void
finish_save (GTask *task)
{
  EocConnectionStore *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);

  write_settings (self, data->id, data->name, data->url, FALSE);
  g_task_return_pointer (task, eoc_connection_new (data->id, data->name, data->url),
                         g_object_unref);
}

static void
store_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The token could not be saved in the keyring: %s"),
                               error->message);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  finish_save (task);
}

void
eoc_connection_store_save_async (EocConnectionStore  *self,
                                 const char          *id,
                                 const char          *name,
                                 const char          *url,
                                 const char          *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  SaveData *data;

  g_return_if_fail (EOC_IS_CONNECTION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_connection_store_save_async);

  if (!eoc_connection_store_check_url (url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (SaveData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  data->id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  data->url = g_strdup (url);
  data->token = token != NULL && *token != '\0' ? g_strdup (token) : NULL;
  data->name = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (*data->name == '\0')
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      g_free (data->name);
      data->name = g_strdup (g_uri_get_host (uri));
    }

  if (data->token == NULL)
    {
      finish_save (task);
      return;
    }

  attributes = token_attributes (data->id, data->url);
  /* Translators: the label of the token's entry in the keyring (Passwords and Keys). */
  label = g_strdup_printf (_("Env Ops Center token for %s"), data->name);
  secret_password_storev (token_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                          data->token, cancellable, store_token_cb, g_steal_pointer (&task));
}

EocConnection *
eoc_connection_store_save_finish (EocConnectionStore  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Removing. */

static void
clear_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The token could not be removed from the keyring: %s"),
                               error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
eoc_connection_store_remove_async (EocConnectionStore  *self,
                                   const char          *id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (EOC_IS_CONNECTION_STORE (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_connection_store_remove_async);

  if (g_str_equal (id, EOC_CONNECTION_LOCAL_ID))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The local service cannot be removed"));
      return;
    }

  /* The entry goes first, so that a keyring problem leaves no visible connection. */
  write_settings (self, id, NULL, NULL, TRUE);

  attributes = token_attributes (id, NULL);
  secret_password_clearv (token_schema (), attributes, cancellable, clear_token_cb,
                          g_steal_pointer (&task));
}

gboolean
eoc_connection_store_remove_finish (EocConnectionStore  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Looking up a token. */

static void
lookup_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The token could not be read from the keyring: %s"),
                               error->message);
      return;
    }

  g_task_return_pointer (task, g_strdup (secret), g_free);
  secret_password_free (secret);
}

void
eoc_connection_store_lookup_token_async (EocConnectionStore  *self,
                                         const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (EOC_IS_CONNECTION_STORE (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_connection_store_lookup_token_async);

  attributes = token_attributes (id, NULL);
  secret_password_lookupv (token_schema (), attributes, cancellable, lookup_token_cb,
                           g_steal_pointer (&task));
}

char *
eoc_connection_store_lookup_token_finish (EocConnectionStore  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
