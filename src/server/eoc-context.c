/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "eoc-context.h"

char *
eoc_context_path (EocContext *self,
                  const char *first,
                  ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;
  const char *part;

  g_ptr_array_add (parts, self->data_dir);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

void
eoc_caller_free (EocCaller *caller)
{
  if (caller == NULL)
    return;
  g_free (caller->name);
  g_free (caller);
}

static EocCaller *
caller_copy (const EocCaller *caller)
{
  EocCaller *copy = g_new0 (EocCaller, 1);

  copy->name = g_strdup (caller->name);
  copy->role = caller->role;
  return copy;
}

/*
 * Hashing the token was a twentieth of the work of answering a request from
 * the cache. Each thread remembers the hashes of the last few tokens that
 * named a caller: a token's hash never changes, and whether it still names one
 * is looked up each time, so a removed user is refused at once.
 */
#define TOKEN_MEMO_SIZE 8

typedef struct {
  char  *token[TOKEN_MEMO_SIZE];
  char  *hash[TOKEN_MEMO_SIZE];
  guint  next;
} TokenMemo;

static void
token_memo_free (gpointer data)
{
  TokenMemo *memo = data;

  for (guint i = 0; i < TOKEN_MEMO_SIZE; i++)
    {
      g_free (memo->token[i]);
      g_free (memo->hash[i]);
    }
  g_free (memo);
}

static GPrivate token_memo_key = G_PRIVATE_INIT (token_memo_free);

/* Whether @a and @b (both @length bytes) are equal, in a time that does not
 * tell how much of them is: the memo holds valid tokens. */
static gboolean
same_bytes (const char *a,
            const char *b,
            gsize       length)
{
  guchar difference = 0;

  for (gsize i = 0; i < length; i++)
    difference |= (guchar) (a[i] ^ b[i]);
  return difference == 0;
}

static const char *
token_memo_find (TokenMemo  *memo,
                 const char *token,
                 gsize       length)
{
  for (guint i = 0; i < TOKEN_MEMO_SIZE; i++)
    if (memo->token[i] != NULL && strlen (memo->token[i]) == length &&
        same_bytes (memo->token[i], token, length))
      return memo->hash[i];
  return NULL;
}

static void
token_memo_add (TokenMemo  *memo,
                const char *token,
                const char *hash)
{
  guint i = memo->next;

  memo->next = (memo->next + 1) % TOKEN_MEMO_SIZE;
  g_free (memo->token[i]);
  g_free (memo->hash[i]);
  memo->token[i] = g_strdup (token);
  memo->hash[i] = g_strdup (hash);
}

EocCaller *
eoc_context_find_caller (EocContext *self,
                         const char *token)
{
  g_autofree char *hash = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  TokenMemo *memo = g_private_get (&token_memo_key);
  const char *known;
  EocCaller *caller;
  gsize length;

  if (token == NULL || *token == '\0' || (length = strlen (token)) > 512)
    return NULL;

  if (memo == NULL)
    {
      memo = g_new0 (TokenMemo, 1);
      g_private_set (&token_memo_key, memo);
    }

  known = token_memo_find (memo, token, length);
  if (known == NULL)
    hash = eoc_token_hash (token);
  locker = g_mutex_locker_new (&self->callers_mutex);
  caller = g_hash_table_lookup (self->callers, known != NULL ? known : hash);
  if (caller != NULL)
    {
      if (known == NULL)
        token_memo_add (memo, token, hash);
      return caller_copy (caller);
    }
  g_clear_pointer (&locker, g_mutex_locker_free);
  if (hash == NULL)
    hash = g_strdup (known);

  /* Added from the command line while the service runs. */
  {
    g_autofree char *name = NULL;
    EocRole role;

    if (!eoc_store_find_user (self->store, hash, &name, &role))
      return NULL;
    eoc_context_add_caller (self, hash, name, role);
    caller = g_new0 (EocCaller, 1);
    caller->name = g_steal_pointer (&name);
    caller->role = role;
    return caller;
  }
}

static void
add_user_cb (const char *name,
             EocRole     role,
             const char *token_hash,
             gpointer    data)
{
  GHashTable *callers = data;
  EocCaller *caller = g_new0 (EocCaller, 1);

  caller->name = g_strdup (name);
  caller->role = role;
  g_hash_table_replace (callers, g_strdup (token_hash), caller);
}

void
eoc_context_reload_callers (EocContext *self)
{
  GHashTable *callers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) eoc_caller_free);
  g_autoptr(GHashTable) old = NULL;

  eoc_store_foreach_user (self->store, add_user_cb, callers);
  if (self->local_token_hash != NULL)
    add_user_cb (self->local_user, EOC_ROLE_ADMIN, self->local_token_hash, callers);

  g_mutex_lock (&self->callers_mutex);
  old = self->callers;
  self->callers = callers;
  g_mutex_unlock (&self->callers_mutex);
}

void
eoc_context_add_caller (EocContext *self,
                        const char *token_hash,
                        const char *name,
                        EocRole     role)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->callers_mutex);
  EocCaller *caller = g_new0 (EocCaller, 1);

  caller->name = g_strdup (name);
  caller->role = role;
  g_hash_table_replace (self->callers, g_strdup (token_hash), caller);
}

static gboolean
caller_named (gpointer key,
              gpointer value,
              gpointer name)
{
  EocCaller *caller = value;

  return g_strcmp0 (caller->name, name) == 0;
}

void
eoc_context_remove_caller (EocContext *self,
                           const char *name)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->callers_mutex);

  g_hash_table_foreach_remove (self->callers, caller_named, (gpointer) name);
}
