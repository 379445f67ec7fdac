/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-configuration.c: the configuration file, a ZIP archive holding
 * manifest.json and files/, read and written with libarchive.
 *
 * Everything streams through fixed 64 KiB buffers: reading feeds the raw
 * archive bytes to a SHA-256 as libarchive pulls them from our read callback,
 * and each entry's content to its own SHA-256, so one pass validates the file
 * and measures it whatever its size. Both the reader and the copying writer
 * use libarchive's streaming ZIP reader (local headers, no seeking), so what
 * is copied is exactly what was validated.
 */

#define G_LOG_DOMAIN "eoc-configuration"

#include "config.h"

#include "eoc-configuration.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "eoc-configuration-private.h"
#include "eoc-json.h"

#define BLOCK_SIZE           (64 * 1024)
#define RATIO_THRESHOLD      (1024 * 1024)  /* the ratio guard starts past this many bytes */
#define MAX_NAME_LENGTH      4096
#define MAX_COMPONENT_LENGTH 255
#define EOCD_SIZE            22
#define EOCD_MAX_COMMENT     65535
#define MANIFEST_NAME        "manifest.json"
#define FILES_DIR            "files"
#define FILES_PREFIX         "files/"

G_DEFINE_QUARK (eoc-configuration-error-quark, eoc_configuration_error)

/**
 * eoc_configuration_limits_init:
 * @limits: the limits to fill
 *
 * Fills @limits with the defaults.
 */
void
eoc_configuration_limits_init (EocConfigurationLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_entries = 10000;
  limits->max_total_size = G_GUINT64_CONSTANT (8) * 1024 * 1024 * 1024;
  limits->max_ratio = 200;
  limits->max_manifest_size = 1024 * 1024;
  limits->max_json_depth = EOC_JSON_MAX_DEPTH;
}

static EocConfigurationFile *
configuration_file_new (const char *path,
                        guint64     size,
                        const char *sha256)
{
  EocConfigurationFile *file = g_new0 (EocConfigurationFile, 1);

  file->path = g_strdup (path);
  file->size = size;
  file->sha256 = g_strdup (sha256);

  return file;
}

static void
configuration_file_free (EocConfigurationFile *file)
{
  g_free (file->path);
  g_free (file->sha256);
  g_free (file);
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  const EocConfigurationFile *fa = *(EocConfigurationFile * const *) a;
  const EocConfigurationFile *fb = *(EocConfigurationFile * const *) b;

  return strcmp (fa->path, fb->path);
}

static JsonNode *
new_empty_object_node (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

/**
 * eoc_configuration_new:
 * @environment_version: the environment's version, e.g. "2.1.0"
 * @settings: (nullable) (transfer none): an object node; a reference is taken.
 *   %NULL stands for an empty object.
 *
 * Returns: (transfer full): a configuration with no files, no archive
 *   checksum, and no taken_at or environment fields.
 */
EocConfiguration *
eoc_configuration_new (const char *environment_version,
                       JsonNode   *settings)
{
  EocConfiguration *self;

  g_return_val_if_fail (settings == NULL || JSON_NODE_HOLDS_OBJECT (settings), NULL);

  self = g_new0 (EocConfiguration, 1);
  self->environment_version = g_strdup (environment_version);
  self->settings = settings != NULL ? json_node_ref (settings) : new_empty_object_node ();
  self->files = g_ptr_array_new_with_free_func ((GDestroyNotify) configuration_file_free);

  return self;
}

/**
 * eoc_configuration_free:
 * @self: (nullable): a configuration
 *
 * Frees @self and everything it holds.
 */
void
eoc_configuration_free (EocConfiguration *self)
{
  if (self == NULL)
    return;

  g_free (self->environment_version);
  g_free (self->taken_at);
  g_free (self->environment_id);
  g_free (self->environment_name);
  g_free (self->environment_type);
  g_clear_pointer (&self->settings, json_node_unref);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_free (self->sha256);
  g_free (self);
}

/**
 * eoc_configuration_source_new:
 * @path: the file's path relative to files/
 * @content: (transfer full): its content, which the source takes over
 *
 * Returns: (transfer full): a file to add when writing an archive.
 */
EocConfigurationSource *
eoc_configuration_source_new (const char *path,
                              GBytes     *content)
{
  EocConfigurationSource *source;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (content != NULL, NULL);

  source = g_new0 (EocConfigurationSource, 1);
  source->path = g_strdup (path);
  source->content = content;

  return source;
}

/**
 * eoc_configuration_source_free:
 * @source: (nullable): a source
 *
 * Frees @source.
 */
void
eoc_configuration_source_free (EocConfigurationSource *source)
{
  if (source == NULL)
    return;

  g_free (source->path);
  g_clear_pointer (&source->content, g_bytes_unref);
  g_free (source);
}

/*
 * libarchive converts entry names through the thread's locale: in the C
 * locale a service often runs in, non-ASCII UTF-8 names come out as NULL.
 * Reading and writing switch the calling thread (only) to C.UTF-8.
 */
static locale_t
utf8_locale_push (void)
{
  static gsize utf8_locale = 0;

  if (g_once_init_enter (&utf8_locale))
    {
      locale_t locale = newlocale (LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);

      if (locale == (locale_t) 0)
        {
          g_debug ("No C.UTF-8 locale: non-ASCII names in archives need a UTF-8 locale");
          g_once_init_leave (&utf8_locale, 1);
        }
      else
        g_once_init_leave (&utf8_locale, (gsize) locale);
    }

  if (utf8_locale == 1)
    return (locale_t) 0;

  return uselocale ((locale_t) utf8_locale);
}

static void
utf8_locale_pop (locale_t previous)
{
  if (previous != (locale_t) 0)
    uselocale (previous);
}

/* Entry names: validation and display. */

/* A name fit to quote in a message: control characters written as \xNN, valid UTF-8. */
static char *
display_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_c (out, (char) c);
    }

  return g_string_free (out, FALSE);
}

static void
set_invalid (GError    **error,
             const char *format,
             const char *name)
{
  g_autofree char *shown = display_name (name);

  g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID, format, shown);
}

/*
 * Checks a name that will be joined under a folder: relative, "/" between
 * folders, no "." or ".." or empty component, valid UTF-8 without control
 * characters, of a length a file system takes. @name has no trailing "/".
 */
static gboolean
check_entry_name (const char *name,
                  GError    **error)
{
  gsize length = strlen (name);
  const char *component;

  if (length == 0)
    {
      g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                           "An entry has an empty name");
      return FALSE;
    }

  if (!g_utf8_validate (name, (gssize) length, NULL))
    {
      set_invalid (error, "Entry “%s” has a name that is not valid UTF-8", name);
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c == 0x7f)
        {
          set_invalid (error, "Entry “%s” has control characters in its name", name);
          return FALSE;
        }
    }

  if (name[0] == '/')
    {
      set_invalid (error, "Entry “%s” has an absolute path; paths must be relative", name);
      return FALSE;
    }

  if (strchr (name, '\\') != NULL)
    {
      set_invalid (error, "Entry “%s” has a backslash in its name; folders are separated by “/”",
                   name);
      return FALSE;
    }

  if (length > MAX_NAME_LENGTH)
    {
      set_invalid (error, "Entry “%s” has a name longer than 4096 bytes", name);
      return FALSE;
    }

  component = name;
  while (component != NULL)
    {
      const char *slash = strchr (component, '/');
      gsize component_length = slash != NULL ? (gsize) (slash - component) : strlen (component);

      if (component_length == 2 && component[0] == '.' && component[1] == '.')
        {
          set_invalid (error, "Entry “%s” is outside the configuration: its path goes up with “..”",
                       name);
          return FALSE;
        }

      if (component_length == 0 || (component_length == 1 && component[0] == '.'))
        {
          set_invalid (error, "Entry “%s” has an empty or “.” folder in its path", name);
          return FALSE;
        }

      if (component_length > MAX_COMPONENT_LENGTH)
        {
          set_invalid (error, "Entry “%s” has a file or folder name longer than 255 bytes", name);
          return FALSE;
        }

      component = slash != NULL ? slash + 1 : NULL;
    }

  return TRUE;
}

/* Reading: the raw archive through our callback. */

typedef struct {
  int           fd;
  GChecksum    *checksum;      /* of the raw bytes; NULL when not wanted */
  guint64       bytes;
  GCancellable *cancellable;
  int           saved_errno;
  guchar       *buffer;
} Source;

static void
source_init (Source       *source,
             int           fd,
             gboolean      checksum,
             GCancellable *cancellable)
{
  source->fd = fd;
  source->checksum = checksum ? g_checksum_new (G_CHECKSUM_SHA256) : NULL;
  source->bytes = 0;
  source->cancellable = cancellable;
  source->saved_errno = 0;
  source->buffer = g_malloc (BLOCK_SIZE);
}

static void
source_clear (Source *source)
{
  g_clear_pointer (&source->checksum, g_checksum_free);
  g_clear_pointer (&source->buffer, g_free);
  if (source->fd >= 0)
    {
      g_close (source->fd, NULL);
      source->fd = -1;
    }
}

/* Reads the next block into source->buffer: its length, 0 at the end, -1 on error. */
static gssize
source_fill (Source *source)
{
  gssize n;

  if (g_cancellable_is_cancelled (source->cancellable))
    return -1;

  do
    n = read (source->fd, source->buffer, BLOCK_SIZE);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      source->saved_errno = errno;
      return -1;
    }

  if (source->checksum != NULL && n > 0)
    g_checksum_update (source->checksum, source->buffer, n);
  source->bytes += (guint64) n;

  return n;
}

static la_ssize_t
source_read_cb (struct archive *a,
                void           *user_data,
                const void    **buffer)
{
  Source *source = user_data;
  gssize n = source_fill (source);

  if (n < 0)
    {
      if (source->saved_errno != 0)
        archive_set_error (a, source->saved_errno, "%s", g_strerror (source->saved_errno));
      else
        archive_set_error (a, ECANCELED, "Cancelled");
      return -1;
    }

  *buffer = source->buffer;
  return n;
}

/*
 * After libarchive failed: cancellation and I/O errors first, then what
 * libarchive says about the bytes.
 */
static void
set_read_error (GError        **error,
                Source         *source,
                struct archive *a,
                const char     *path,
                const char     *prefix)
{
  if (g_cancellable_set_error_if_cancelled (source->cancellable, error))
    return;

  if (source->saved_errno != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (source->saved_errno),
                   "Could not read “%s”: %s", path, g_strerror (source->saved_errno));
      return;
    }

  g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
               "%s: %s", prefix,
               archive_error_string (a) != NULL ? archive_error_string (a) : "unknown error");
}

/* What the streaming pass saw of one entry, checked against the central directory. */
typedef struct {
  gint64   start;   /* raw offset before its local header was read */
  gint64   end;     /* and after */
  guint64  size;    /* uncompressed bytes read */
  char    *name;    /* as libarchive gave it ("dir/" for directories) */
} LocalEntry;

static void
local_entry_clear (LocalEntry *entry)
{
  g_clear_pointer (&entry->name, g_free);
}

typedef struct {
  const char                   *path;
  const EocConfigurationLimits *limits;
  GCancellable                 *cancellable;
  struct archive               *archive;
  Source                        source;
  guchar                       *buffer;
  guint64                       total;
  guint                         n_entries;
  gboolean                      have_manifest;
  GByteArray                   *manifest;
  GHashTable                   *file_paths;      /* relative paths, owned by the files */
  GPtrArray                    *directories;     /* relative paths of directory entries */
  GPtrArray                    *files;           /* EocConfigurationFile */
  GArray                       *entries;         /* LocalEntry, in archive order */
  GError                       *outside_error;   /* an entry outside files/, before the manifest */
  char                         *nested_manifest; /* "folder/manifest.json", when seen */
} Reader;

static void
reader_clear (Reader *self)
{
  g_clear_pointer (&self->archive, archive_read_free);
  source_clear (&self->source);
  g_clear_pointer (&self->buffer, g_free);
  g_clear_pointer (&self->manifest, g_byte_array_unref);
  g_clear_pointer (&self->file_paths, g_hash_table_unref);
  g_clear_pointer (&self->directories, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_error (&self->outside_error);
  g_clear_pointer (&self->nested_manifest, g_free);
}

/*
 * Reads the current entry's content to its end, into @manifest or @checksum
 * when given (otherwise it is dropped), within the total size, manifest
 * size and compression ratio limits.
 */
static gboolean
reader_read_data (Reader     *self,
                  const char *name,
                  GByteArray *manifest,
                  GChecksum  *checksum,
                  guint64    *out_size,
                  GError    **error)
{
  const EocConfigurationLimits *limits = self->limits;
  gint64 start = archive_filter_bytes (self->archive, -1);
  guint64 produced = 0;

  for (;;)
    {
      la_ssize_t n;

      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        return FALSE;

      n = archive_read_data (self->archive, self->buffer, BLOCK_SIZE);
      if (n == 0)
        break;
      if (n < 0)
        {
          g_autofree char *shown = display_name (name);
          g_autofree char *prefix = g_strdup_printf ("The file is damaged or incomplete (entry “%s”)",
                                                     shown);

          set_read_error (error, &self->source, self->archive, self->path, prefix);
          return FALSE;
        }

      produced += (guint64) n;
      self->total += (guint64) n;

      if (self->total > limits->max_total_size)
        {
          g_autofree char *limit = g_format_size_full (limits->max_total_size,
                                                       G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_TOO_LARGE,
                       "The configuration is larger than %s once uncompressed, "
                       "the most this service accepts", limit);
          return FALSE;
        }

      if (limits->max_ratio > 0 && produced > RATIO_THRESHOLD)
        {
          gint64 consumed = archive_filter_bytes (self->archive, -1) - start;

          if (consumed <= 0 ||
              ((guint64) consumed <= G_MAXUINT64 / limits->max_ratio &&
               produced > (guint64) consumed * limits->max_ratio))
            {
              g_autofree char *shown = display_name (name);

              g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_TOO_LARGE,
                           "Entry “%s” expands to more than %u times its compressed size; "
                           "such files (zip bombs) are refused", shown, limits->max_ratio);
              return FALSE;
            }
        }

      if (manifest != NULL)
        {
          if (produced > limits->max_manifest_size)
            {
              g_autofree char *limit = g_format_size_full (limits->max_manifest_size,
                                                           G_FORMAT_SIZE_IEC_UNITS);

              g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                           "manifest.json is larger than %s", limit);
              return FALSE;
            }
          g_byte_array_append (manifest, self->buffer, (guint) n);
        }

      if (checksum != NULL)
        g_checksum_update (checksum, self->buffer, n);
    }

  g_array_index (self->entries, LocalEntry, self->entries->len - 1).size = produced;
  if (out_size != NULL)
    *out_size = produced;

  return TRUE;
}

/* Optional string member: absent or null leaves *out NULL. */
static gboolean
get_optional_string (JsonObject *object,
                     const char *member,
                     const char *where,
                     char      **out,
                     GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                   "manifest.json is not valid: %s%s must be a string", where, member);
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
eoc_configuration_parse_manifest (EocConfiguration *self,
                                  const guint8     *data,
                                  gsize             length,
                                  guint             max_depth,
                                  GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *node;
  gint64 version;

  root = eoc_json_parse ((const char *) data, length, max_depth, &local_error);
  if (root == NULL)
    {
      g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                   "The file is not a valid configuration file: manifest.json is not valid JSON (%s)",
                   local_error->message);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                           "The file is not a valid configuration file: "
                           "manifest.json does not hold a JSON object");
      return FALSE;
    }
  object = json_node_get_object (root);

  node = json_object_get_member (object, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                           "The file is not a configuration file: manifest.json does not name "
                           "its format");
      return FALSE;
    }
  if (g_strcmp0 (json_node_get_string (node), EOC_CONFIGURATION_FORMAT) != 0)
    {
      g_autofree char *shown = display_name (json_node_get_string (node));

      g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                   "The file is not a configuration file: its manifest.json is for format “%s”, "
                   "not “%s”", shown, EOC_CONFIGURATION_FORMAT);
      return FALSE;
    }

  node = json_object_get_member (object, "format_version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                           "manifest.json is not valid: format_version must be a whole number");
      return FALSE;
    }
  version = json_node_get_int (node);
  if (version != EOC_CONFIGURATION_FORMAT_VERSION)
    {
      g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                   "Configuration format version %" G_GINT64_FORMAT " is not supported "
                   "(this service reads version %d)", version, EOC_CONFIGURATION_FORMAT_VERSION);
      return FALSE;
    }

  node = json_object_get_member (object, "environment_version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                           "manifest.json is not valid: environment_version must be a "
                           "non-empty string");
      return FALSE;
    }
  g_free (self->environment_version);
  self->environment_version = g_strdup (json_node_get_string (node));

  if (!get_optional_string (object, "taken_at", "", &self->taken_at, error))
    return FALSE;

  node = json_object_get_member (object, "environment");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonObject *environment;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                               "manifest.json is not valid: environment must be an object");
          return FALSE;
        }
      environment = json_node_get_object (node);
      if (!get_optional_string (environment, "id", "environment.", &self->environment_id, error) ||
          !get_optional_string (environment, "name", "environment.", &self->environment_name,
                                error) ||
          !get_optional_string (environment, "type", "environment.", &self->environment_type,
                                error))
        return FALSE;
    }

  node = json_object_get_member (object, "settings");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                           "manifest.json is not valid: settings must be a JSON object");
      return FALSE;
    }
  g_clear_pointer (&self->settings, json_node_unref);
  self->settings = json_node_ref (node);

  return TRUE;
}

/*
 * Compares paths as lists of components, so that everything under "a/"
 * sorts right after "a", before "a b" or "a.txt".
 */
static int
compare_paths_by_component (gconstpointer a,
                            gconstpointer b)
{
  const guchar *pa = *(const guchar * const *) a;
  const guchar *pb = *(const guchar * const *) b;

  while (*pa != '\0' && *pa == *pb)
    {
      pa++;
      pb++;
    }

  if (*pa == *pb)
    return 0;
  if (*pa == '\0')
    return -1;
  if (*pb == '\0')
    return 1;
  if (*pa == '/')
    return -1;
  if (*pb == '/')
    return 1;
  return (int) *pa - (int) *pb;
}

/* No path may be a file and also a folder (of another entry, or a directory entry). */
static gboolean
reader_check_conflicts (Reader  *self,
                        GError **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GHashTable) directories = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->files->len; i++)
    g_ptr_array_add (paths, ((EocConfigurationFile *) g_ptr_array_index (self->files, i))->path);
  for (guint i = 0; i < self->directories->len; i++)
    {
      g_ptr_array_add (paths, g_ptr_array_index (self->directories, i));
      g_hash_table_add (directories, g_ptr_array_index (self->directories, i));
    }

  g_ptr_array_sort (paths, compare_paths_by_component);

  for (guint i = 0; i + 1 < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      const char *next = g_ptr_array_index (paths, i + 1);
      gsize length = strlen (path);
      gboolean is_file = g_hash_table_contains (self->file_paths, path);

      if (!is_file)
        continue;

      if (strcmp (path, next) == 0 ||
          (strncmp (path, next, length) == 0 && next[length] == '/'))
        {
          g_autofree char *name = g_strconcat (FILES_PREFIX, path, NULL);

          set_invalid (error, "Entry “%s” is both a file and a folder", name);
          return FALSE;
        }
    }

  return TRUE;
}

static guint
get_le16 (const guchar *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
get_le32 (const guchar *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint64
get_le64 (const guchar *p)
{
  return (guint64) get_le32 (p) | ((guint64) get_le32 (p + 4) << 32);
}

static void
set_damaged (GError    **error,
             const char *what)
{
  g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
               "The file is damaged or incomplete: %s", what);
}

/* Reads exactly @length bytes at @offset of the archive; a short read means it is cut off. */
static gboolean
reader_read_at (Reader  *self,
                void    *buffer,
                gsize    length,
                guint64  offset,
                GError **error)
{
  gsize done = 0;

  if (offset > self->source.bytes || length > self->source.bytes - offset)
    {
      set_damaged (error, "its table of contents points past its end");
      return FALSE;
    }

  while (done < length)
    {
      gssize n = pread (self->source.fd, (guchar *) buffer + done, length - done,
                        (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not read “%s”: %s", self->path, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        {
          set_damaged (error, "its table of contents is cut off");
          return FALSE;
        }
      done += (gsize) n;
    }

  return TRUE;
}

static gboolean
is_ascii (const guchar *data,
          gsize         length)
{
  for (gsize i = 0; i < length; i++)
    if (data[i] >= 0x80)
      return FALSE;
  return TRUE;
}

/*
 * The streaming pass read the local headers; other tools read the central
 * directory. Both must describe the same entries: same count, order, names,
 * sizes, and each directory record pointing at the local header that was
 * read. The directory is also the only place that holds Unix file types, so
 * symbolic links and devices are refused here.
 */
static gboolean
reader_check_central_directory (Reader        *self,
                                const guchar  *eocd,
                                guint64        eocd_offset,
                                GError       **error)
{
  g_autofree guchar *variable = NULL;
  guint64 n_total = get_le16 (eocd + 10);
  guint64 cd_size = get_le32 (eocd + 12);
  guint64 cd_offset = get_le32 (eocd + 16);
  guint64 cd_limit = eocd_offset;
  guint64 pos;
  guint64 cd_end;

  if (n_total == 0xffff || cd_size == 0xffffffff || cd_offset == 0xffffffff)
    {
      guchar locator[20];
      guchar record[56];
      guint64 record_offset;

      if (eocd_offset < sizeof locator ||
          !reader_read_at (self, locator, sizeof locator, eocd_offset - sizeof locator, error))
        {
          g_clear_error (error);
          set_damaged (error, "the end of the ZIP64 archive is missing");
          return FALSE;
        }
      if (memcmp (locator, "PK\006\007", 4) != 0)
        {
          set_damaged (error, "the end of the ZIP64 archive is missing");
          return FALSE;
        }
      record_offset = get_le64 (locator + 8);
      if (!reader_read_at (self, record, sizeof record, record_offset, error))
        return FALSE;
      if (memcmp (record, "PK\006\006", 4) != 0)
        {
          set_damaged (error, "the end of the ZIP64 archive is missing");
          return FALSE;
        }
      n_total = get_le64 (record + 32);
      cd_size = get_le64 (record + 40);
      cd_offset = get_le64 (record + 48);
      cd_limit = record_offset;
    }

  if (n_total != self->entries->len)
    {
      g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                   "The file is damaged: its table of contents lists %" G_GUINT64_FORMAT
                   " entries, but it holds %u", n_total, self->entries->len);
      return FALSE;
    }

  if (cd_offset > cd_limit || cd_size > cd_limit - cd_offset)
    {
      set_damaged (error, "its table of contents is out of place");
      return FALSE;
    }

  variable = g_malloc (3 * 65535);
  pos = cd_offset;
  cd_end = cd_offset + cd_size;

  for (guint i = 0; i < self->entries->len; i++)
    {
      const LocalEntry *local = &g_array_index (self->entries, LocalEntry, i);
      guchar header[46];
      guint name_length;
      guint extra_length;
      guint comment_length;
      guint64 compressed;
      guint64 uncompressed;
      guint64 offset;
      guint32 attributes;
      const guchar *name;
      const guchar *extra;

      if (cd_end - pos < sizeof header ||
          !reader_read_at (self, header, sizeof header, pos, error))
        {
          g_clear_error (error);
          set_damaged (error, "its table of contents is cut off");
          return FALSE;
        }
      if (memcmp (header, "PK\001\002", 4) != 0)
        {
          set_damaged (error, "its table of contents is not readable");
          return FALSE;
        }

      name_length = get_le16 (header + 28);
      extra_length = get_le16 (header + 30);
      comment_length = get_le16 (header + 32);
      compressed = get_le32 (header + 20);
      uncompressed = get_le32 (header + 24);
      attributes = get_le32 (header + 38);
      offset = get_le32 (header + 42);

      if (cd_end - pos - sizeof header < (guint64) name_length + extra_length + comment_length)
        {
          set_damaged (error, "its table of contents is cut off");
          return FALSE;
        }
      if (!reader_read_at (self, variable, name_length + extra_length, pos + sizeof header, error))
        return FALSE;
      name = variable;
      extra = variable + name_length;

      /* ZIP64 sizes and offset, in that order, each only when its field is full. */
      if (uncompressed == 0xffffffff || compressed == 0xffffffff || offset == 0xffffffff)
        {
          for (guint at = 0; at + 4 <= extra_length;)
            {
              guint id = get_le16 (extra + at);
              guint size = get_le16 (extra + at + 2);
              const guchar *field = extra + at + 4;
              guint used = 0;

              if (at + 4 + size > extra_length)
                break;
              if (id == 0x0001)
                {
                  if (uncompressed == 0xffffffff && used + 8 <= size)
                    {
                      uncompressed = get_le64 (field + used);
                      used += 8;
                    }
                  if (compressed == 0xffffffff && used + 8 <= size)
                    {
                      compressed = get_le64 (field + used);
                      used += 8;
                    }
                  if (offset == 0xffffffff && used + 8 <= size)
                    offset = get_le64 (field + used);
                  break;
                }
              at += 4 + size;
            }
        }

      /* libarchive turns "\\" into "/" in local names: the raw name tells. */
      if (memchr (name, '\\', name_length) != NULL)
        {
          g_autofree char *raw = g_strndup ((const char *) name, name_length);

          set_invalid (error, "Entry “%s” has a backslash in its name; folders are separated by “/”",
                       raw);
          return FALSE;
        }

      if (((get_le16 (header + 8) & 0x0800) != 0 || is_ascii (name, name_length)) &&
          (strlen (local->name) != name_length || memcmp (local->name, name, name_length) != 0))
        {
          set_damaged (error, "its table of contents names other entries than it holds");
          return FALSE;
        }

      if (uncompressed != local->size ||
          offset < (guint64) local->start || offset >= (guint64) local->end)
        {
          g_autofree char *shown = display_name (local->name);
          g_autofree char *what = g_strdup_printf ("its table of contents does not match entry “%s”",
                                                   shown);

          set_damaged (error, what);
          return FALSE;
        }

      /* Made on Unix: the file type is in the upper half of the attributes. */
      if (header[5] == 3)
        {
          guint32 type = (attributes >> 16) & 0170000;

          if (type == 0120000)
            {
              set_invalid (error, "Entry “%s” is a symbolic link; a configuration holds only "
                           "regular files", local->name);
              return FALSE;
            }
          if (type != 0 && type != 0100000 && type != 0040000)
            {
              set_invalid (error, "Entry “%s” is not a regular file; a configuration holds only "
                           "regular files", local->name);
              return FALSE;
            }
        }

      pos += sizeof header + name_length + extra_length + comment_length;
    }

  return TRUE;
}

static gboolean
is_zeros (const guchar *data,
          gsize         length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (data[i] != 0)
        return FALSE;
    }
  return TRUE;
}

/* After the archive's end: the rest of the raw bytes, then the ZIP end record and directory. */
static gboolean
reader_finish_source (Reader  *self,
                      GError **error)
{
  g_autofree guchar *tail = NULL;
  gsize tail_length;
  gssize n;

  do
    n = source_fill (&self->source);
  while (n > 0);

  if (n < 0)
    {
      set_read_error (error, &self->source, self->archive, self->path, "");
      return FALSE;
    }

  /* The streaming reader stops at the central directory: make sure the
   * archive's end record is there, so a cut-off file is not taken as whole. */
  tail_length = (gsize) MIN (self->source.bytes, (guint64) (EOCD_SIZE + EOCD_MAX_COMMENT));
  if (tail_length < EOCD_SIZE)
    {
      set_damaged (error, "the end of the ZIP archive is missing");
      return FALSE;
    }
  tail = g_malloc (tail_length);
  if (!reader_read_at (self, tail, tail_length, self->source.bytes - tail_length, error))
    return FALSE;

  /* The record ends the file, or is followed only by zeros: libarchive's
   * writers pad their last block unless told otherwise. */
  for (gsize pos = tail_length - EOCD_SIZE + 1; pos-- > 0;)
    {
      gsize end;

      if (memcmp (tail + pos, "PK\005\006", 4) != 0)
        continue;
      end = pos + EOCD_SIZE + get_le16 (tail + pos + 20);
      if (end > tail_length || !is_zeros (tail + end, tail_length - end))
        continue;

      return reader_check_central_directory (self, tail + pos,
                                             self->source.bytes - tail_length + pos, error);
    }

  set_damaged (error, "the end of the ZIP archive is missing");
  return FALSE;
}

static gboolean
reader_handle_entry (Reader               *self,
                     EocConfiguration     *configuration,
                     struct archive_entry *entry,
                     GError              **error)
{
  const char *raw_name = archive_entry_pathname_utf8 (entry);
  g_autofree char *name = NULL;
  mode_t type = archive_entry_filetype (entry);
  gboolean is_dir = type == AE_IFDIR;
  const char *relative = NULL;

  if (raw_name == NULL)
    raw_name = archive_entry_pathname (entry);
  if (raw_name == NULL)
    {
      g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                           "An entry has a name that cannot be read");
      return FALSE;
    }

  name = g_strdup (raw_name);
  if (is_dir)
    {
      gsize length = strlen (name);

      if (length > 0 && name[length - 1] == '/')
        name[length - 1] = '\0';
    }

  if (!check_entry_name (name, error))
    return FALSE;

  if (archive_entry_is_encrypted (entry))
    {
      set_invalid (error, "Entry “%s” is encrypted; encrypted configuration files are not supported",
                   name);
      return FALSE;
    }

  if (type == AE_IFLNK || archive_entry_symlink (entry) != NULL)
    {
      set_invalid (error, "Entry “%s” is a symbolic link; a configuration holds only regular files",
                   name);
      return FALSE;
    }

  if (archive_entry_hardlink (entry) != NULL)
    {
      set_invalid (error, "Entry “%s” is a hard link; a configuration holds only regular files",
                   name);
      return FALSE;
    }

  if (type != AE_IFREG && type != AE_IFDIR)
    {
      set_invalid (error, "Entry “%s” is not a regular file; a configuration holds only "
                   "regular files", name);
      return FALSE;
    }

  if (archive_entry_size_is_set (entry) && archive_entry_size (entry) > 0 &&
      self->total + (guint64) archive_entry_size (entry) > self->limits->max_total_size)
    {
      g_autofree char *limit = g_format_size_full (self->limits->max_total_size,
                                                   G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_TOO_LARGE,
                   "The configuration is larger than %s once uncompressed, "
                   "the most this service accepts", limit);
      return FALSE;
    }

  if (g_str_has_prefix (name, FILES_PREFIX))
    relative = name + strlen (FILES_PREFIX);

  if (!is_dir && strcmp (name, MANIFEST_NAME) == 0)
    {
      if (self->have_manifest)
        {
          g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                               "The file is not a valid configuration file: it holds "
                               "manifest.json more than once");
          return FALSE;
        }
      self->have_manifest = TRUE;

      if (!reader_read_data (self, name, self->manifest, NULL, NULL, error))
        return FALSE;

      /* An entry outside files/ seen before the manifest: now that this is
       * known to be a configuration file, that entry is the problem. */
      if (self->outside_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&self->outside_error));
          return FALSE;
        }

      if (!eoc_configuration_parse_manifest (configuration, self->manifest->data,
                                             self->manifest->len, self->limits->max_json_depth,
                                             error))
        return FALSE;

      g_clear_pointer (&self->manifest, g_byte_array_unref);
      return TRUE;
    }

  if (is_dir && (strcmp (name, FILES_DIR) == 0 || relative != NULL))
    {
      if (relative != NULL)
        g_ptr_array_add (self->directories, g_strdup (relative));
      return reader_read_data (self, name, NULL, NULL, NULL, error);
    }

  if (!is_dir && relative != NULL)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      EocConfigurationFile *file;
      guint64 size;

      if (g_hash_table_contains (self->file_paths, relative))
        {
          set_invalid (error, "Entry “%s” appears more than once", name);
          return FALSE;
        }

      if (!reader_read_data (self, name, NULL, checksum, &size, error))
        return FALSE;

      file = configuration_file_new (relative, size, g_checksum_get_string (checksum));
      g_ptr_array_add (self->files, file);
      g_hash_table_add (self->file_paths, file->path);
      return TRUE;
    }

  /* Outside files/. */
  if (self->have_manifest)
    {
      set_invalid (error, "Entry “%s” is outside the configuration: only manifest.json and files "
                   "under files/ are allowed", name);
      return FALSE;
    }

  if (self->nested_manifest == NULL && g_str_has_suffix (name, "/" MANIFEST_NAME))
    self->nested_manifest = g_strdup (name);

  if (self->outside_error == NULL)
    set_invalid (&self->outside_error, "Entry “%s” is outside the configuration: only "
                 "manifest.json and files under files/ are allowed", name);

  return reader_read_data (self, name, NULL, NULL, NULL, error);
}

static EocConfiguration *
configuration_read (const char                   *path,
                    const EocConfigurationLimits *limits,
                    const char                   *sha256,
                    GCancellable                 *cancellable,
                    GError                      **error)
{
  g_autoptr(EocConfiguration) configuration = NULL;
  EocConfigurationLimits default_limits;
  Reader reader = { 0 };
  LocalEntry local = { 0 };
  struct archive_entry *entry;
  gboolean ok = FALSE;
  int fd;
  int r;

  if (limits == NULL)
    {
      eoc_configuration_limits_init (&default_limits);
      limits = &default_limits;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not open “%s”: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  configuration = eoc_configuration_new (NULL, NULL);

  reader.path = path;
  reader.limits = limits;
  reader.cancellable = cancellable;
  source_init (&reader.source, fd, sha256 == NULL, cancellable);
  reader.buffer = g_malloc (BLOCK_SIZE);
  reader.manifest = g_byte_array_new ();
  reader.file_paths = g_hash_table_new (g_str_hash, g_str_equal);
  reader.directories = g_ptr_array_new_with_free_func (g_free);
  reader.files = g_ptr_array_new_with_free_func ((GDestroyNotify) configuration_file_free);
  reader.entries = g_array_new (FALSE, TRUE, sizeof (LocalEntry));
  g_array_set_clear_func (reader.entries, (GDestroyNotify) local_entry_clear);

  reader.archive = archive_read_new ();
  archive_read_support_format_zip_streamable (reader.archive);

  if (archive_read_open (reader.archive, &reader.source, NULL, source_read_cb, NULL) != ARCHIVE_OK)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (reader.source.saved_errno != 0)
        {
          set_read_error (error, &reader.source, reader.archive, path, "");
          goto out;
        }
      g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                           "The file is not a ZIP archive");
      goto out;
    }

  for (;;)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      local.start = archive_filter_bytes (reader.archive, -1);
      r = archive_read_next_header (reader.archive, &entry);
      if (r == ARCHIVE_EOF)
        break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        {
          set_read_error (error, &reader.source, reader.archive, path,
                          "The file is damaged or incomplete");
          goto out;
        }
      local.end = archive_filter_bytes (reader.archive, -1);
      local.name = g_strdup (archive_entry_pathname_utf8 (entry) != NULL ?
                             archive_entry_pathname_utf8 (entry) :
                             archive_entry_pathname (entry) != NULL ?
                             archive_entry_pathname (entry) : "");
      g_array_append_val (reader.entries, local);

      reader.n_entries++;
      if (reader.n_entries > limits->max_entries)
        {
          g_set_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_TOO_LARGE,
                       "The file has more than %u entries, the most a configuration may have",
                       limits->max_entries);
          goto out;
        }

      if (!reader_handle_entry (&reader, configuration, entry, error))
        goto out;
    }

  if (!reader.have_manifest && reader.nested_manifest != NULL)
    {
      set_invalid (error, "The file is not a configuration file: manifest.json is not at its top "
                   "level but in “%s” (zip the contents of the folder, not the folder)",
                   reader.nested_manifest);
      goto out;
    }

  if (!reader.have_manifest)
    {
      g_set_error_literal (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                           "The file is not a configuration file: manifest.json is missing");
      goto out;
    }

  if (!reader_check_conflicts (&reader, error))
    goto out;

  if (!reader_finish_source (&reader, error))
    goto out;

  g_ptr_array_sort (reader.files, compare_files);
  g_clear_pointer (&configuration->files, g_ptr_array_unref);
  configuration->files = g_steal_pointer (&reader.files);
  configuration->sha256 = g_strdup (sha256 != NULL ? sha256
                                                   : g_checksum_get_string (reader.source.checksum));
  configuration->size = reader.source.bytes;
  ok = TRUE;

out:
  reader_clear (&reader);
  return ok ? g_steal_pointer (&configuration) : NULL;
}

/**
 * eoc_configuration_read:
 * @path: the archive
 * @limits: (nullable): limits, or %NULL for the defaults
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Reads and validates the archive at @path in one streaming pass.
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set.
 */
EocConfiguration *
eoc_configuration_read (const char                   *path,
                        const EocConfigurationLimits *limits,
                        GCancellable                 *cancellable,
                        GError                      **error)
{
  EocConfiguration *configuration;
  locale_t previous;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  previous = utf8_locale_push ();
  configuration = configuration_read (path, limits, NULL, cancellable, error);
  utf8_locale_pop (previous);

  return configuration;
}

/**
 * eoc_configuration_read_with_sha256:
 * @path: the archive
 * @limits: (nullable): limits, or %NULL for the defaults
 * @sha256: the archive's SHA-256, already computed as its bytes were written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * As eoc_configuration_read(), without hashing the whole archive again:
 * each file inside is still hashed. An upload's digest is computed as it
 * arrives, so validating it reads every byte through SHA-256 once.
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set.
 */
EocConfiguration *
eoc_configuration_read_with_sha256 (const char                   *path,
                                    const EocConfigurationLimits *limits,
                                    const char                   *sha256,
                                    GCancellable                 *cancellable,
                                    GError                      **error)
{
  EocConfiguration *configuration;
  locale_t previous;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  previous = utf8_locale_push ();
  configuration = configuration_read (path, limits, sha256, cancellable, error);
  utf8_locale_pop (previous);

  return configuration;
}

/* Writing. */

typedef struct {
  int        fd;
  GChecksum *checksum;
  guint64    bytes;
  int        saved_errno;
  gboolean   closed;      /* after a failure: drop what libarchive still writes */
} Sink;

/*
 * A failed write is remembered, not reported to libarchive: once an archive
 * is in its fatal state, libarchive 3.6 never frees the entry's deflate
 * stream. The writer checks saved_errno after every libarchive call, and
 * everything written after a failure is dropped.
 */

static la_ssize_t
sink_write_cb (struct archive *a,
               void           *user_data,
               const void     *buffer,
               size_t          length)
{
  Sink *sink = user_data;
  const guchar *p = buffer;
  size_t left = length;

  if (sink->closed || sink->saved_errno != 0)
    return (la_ssize_t) length;

  while (left > 0)
    {
      gssize n = write (sink->fd, p, left);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sink->saved_errno = errno;
          return (la_ssize_t) length;
        }
      p += n;
      left -= (size_t) n;
    }

  g_checksum_update (sink->checksum, buffer, (gssize) length);
  sink->bytes += length;
  return (la_ssize_t) length;
}

typedef struct {
  const char     *path;
  GCancellable   *cancellable;
  struct archive *archive;
  Sink            sink;
  GHashTable     *extra_paths;     /* relative paths the extra files replace */
  GHashTable     *written;         /* relative paths written */
  GPtrArray      *files;
  guchar         *buffer;
} Writer;

static void
set_write_error (Writer  *self,
                 GError **error)
{
  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return;

  if (self->sink.saved_errno != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (self->sink.saved_errno),
                   "Could not write “%s”: %s", self->path, g_strerror (self->sink.saved_errno));
      return;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write “%s”: %s", self->path,
               archive_error_string (self->archive) != NULL ?
               archive_error_string (self->archive) : "unknown error");
}

/* Entries that may make the reader's compression ratio guard trip are stored. */
static gboolean
writer_begin_entry (Writer     *self,
                    const char *name,
                    gboolean    size_known,
                    guint64     size,
                    time_t      mtime,
                    GError    **error)
{
  struct archive_entry *entry = archive_entry_new ();
  int r;

  archive_entry_set_pathname_utf8 (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_mtime (entry, mtime, 0);
  if (size_known)
    archive_entry_set_size (entry, (la_int64_t) size);

  if (size_known && size > RATIO_THRESHOLD)
    archive_write_zip_set_compression_store (self->archive);
  else
    archive_write_zip_set_compression_deflate (self->archive);

  r = archive_write_header (self->archive, entry);
  archive_entry_free (entry);

  if ((r != ARCHIVE_OK && r != ARCHIVE_WARN) || self->sink.saved_errno != 0)
    {
      set_write_error (self, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
writer_write (Writer       *self,
              const void   *data,
              gsize         length,
              GError      **error)
{
  const guchar *p = data;

  while (length > 0)
    {
      gsize chunk = MIN (length, BLOCK_SIZE);
      la_ssize_t n;

      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        return FALSE;

      n = archive_write_data (self->archive, p, chunk);
      if (n < 0 || (gsize) n != chunk || self->sink.saved_errno != 0)
        {
          set_write_error (self, error);
          return FALSE;
        }
      p += n;
      length -= (gsize) n;
    }

  return TRUE;
}

static gboolean
writer_finish_entry (Writer  *self,
                     GError **error)
{
  if (archive_write_finish_entry (self->archive) < ARCHIVE_WARN || self->sink.saved_errno != 0)
    {
      set_write_error (self, error);
      return FALSE;
    }

  return TRUE;
}

static char *
build_manifest (EocConfiguration *manifest,
                gsize            *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, EOC_CONFIGURATION_FORMAT);
  json_builder_set_member_name (builder, "format_version");
  json_builder_add_int_value (builder, EOC_CONFIGURATION_FORMAT_VERSION);
  json_builder_set_member_name (builder, "environment_version");
  json_builder_add_string_value (builder, manifest->environment_version);
  if (manifest->taken_at != NULL)
    {
      json_builder_set_member_name (builder, "taken_at");
      json_builder_add_string_value (builder, manifest->taken_at);
    }
  if (manifest->environment_id != NULL || manifest->environment_name != NULL ||
      manifest->environment_type != NULL)
    {
      json_builder_set_member_name (builder, "environment");
      json_builder_begin_object (builder);
      if (manifest->environment_id != NULL)
        {
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, manifest->environment_id);
        }
      if (manifest->environment_name != NULL)
        {
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, manifest->environment_name);
        }
      if (manifest->environment_type != NULL)
        {
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, manifest->environment_type);
        }
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "settings");
  json_builder_add_value (builder, manifest->settings != NULL ?
                                   json_node_copy (manifest->settings) :
                                   new_empty_object_node ());
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  return json_generator_to_data (generator, length);
}

static gboolean
writer_add_file (Writer     *self,
                 const char *relative,
                 guint64     size,
                 const char *sha256,
                 GError    **error)
{
  EocConfigurationFile *file;

  if (g_hash_table_contains (self->written, relative))
    {
      g_autofree char *name = g_strconcat (FILES_PREFIX, relative, NULL);

      set_invalid (error, "Entry “%s” appears more than once", name);
      return FALSE;
    }

  file = configuration_file_new (relative, size, sha256);
  g_ptr_array_add (self->files, file);
  g_hash_table_add (self->written, file->path);
  return TRUE;
}

/* Copies the regular files under files/ of the archive @from. */
static gboolean
writer_copy_from (Writer     *self,
                  const char *from,
                  GError    **error)
{
  g_autofree char *prefix = g_strdup_printf ("The configuration “%s” could not be read", from);
  struct archive *in = NULL;
  struct archive_entry *entry;
  Source source;
  gboolean ok = FALSE;
  int fd;
  int r;

  fd = g_open (from, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not open “%s”: %s", from, g_strerror (saved_errno));
      return FALSE;
    }
  source_init (&source, fd, FALSE, self->cancellable);

  in = archive_read_new ();
  archive_read_support_format_zip_streamable (in);
  if (archive_read_open (in, &source, NULL, source_read_cb, NULL) != ARCHIVE_OK)
    {
      set_read_error (error, &source, in, from, prefix);
      goto out;
    }

  for (;;)
    {
      g_autoptr(GChecksum) checksum = NULL;
      const char *name;
      const char *relative;
      guint64 size = 0;

      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        goto out;

      r = archive_read_next_header (in, &entry);
      if (r == ARCHIVE_EOF)
        break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        {
          set_read_error (error, &source, in, from, prefix);
          goto out;
        }

      name = archive_entry_pathname_utf8 (entry);
      if (name == NULL)
        name = archive_entry_pathname (entry);
      if (name == NULL || archive_entry_filetype (entry) != AE_IFREG ||
          !g_str_has_prefix (name, FILES_PREFIX))
        continue;

      if (!check_entry_name (name, error))
        goto out;

      relative = name + strlen (FILES_PREFIX);
      if (g_hash_table_contains (self->extra_paths, relative))
        continue;

      if (!writer_begin_entry (self, name, archive_entry_size_is_set (entry),
                               (guint64) archive_entry_size (entry),
                               archive_entry_mtime_is_set (entry) ?
                               archive_entry_mtime (entry) : time (NULL), error))
        goto out;

      checksum = g_checksum_new (G_CHECKSUM_SHA256);
      for (;;)
        {
          la_ssize_t n;

          if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
            goto out;

          n = archive_read_data (in, self->buffer, BLOCK_SIZE);
          if (n == 0)
            break;
          if (n < 0)
            {
              set_read_error (error, &source, in, from, prefix);
              goto out;
            }

          g_checksum_update (checksum, self->buffer, n);
          size += (guint64) n;
          if (!writer_write (self, self->buffer, (gsize) n, error))
            goto out;
        }

      if (!writer_finish_entry (self, error) ||
          !writer_add_file (self, relative, size, g_checksum_get_string (checksum), error))
        goto out;
    }

  ok = TRUE;

out:
  archive_read_free (in);
  source_clear (&source);
  return ok;
}

static gboolean
configuration_write (const char       *path,
                     EocConfiguration *manifest,
                     const char       *files_from,
                     GPtrArray        *extra_files,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autofree char *manifest_data = NULL;
  gsize manifest_length = 0;
  Writer writer = { 0 };
  struct stat st;
  gboolean is_regular = FALSE;
  gboolean ok = FALSE;
  time_t now = time (NULL);
  int fd = -1;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  writer.path = path;
  writer.cancellable = cancellable;
  writer.extra_paths = g_hash_table_new (g_str_hash, g_str_equal);
  writer.written = g_hash_table_new (g_str_hash, g_str_equal);
  writer.files = g_ptr_array_new_with_free_func ((GDestroyNotify) configuration_file_free);
  writer.buffer = g_malloc (BLOCK_SIZE);
  writer.sink.checksum = g_checksum_new (G_CHECKSUM_SHA256);
  writer.sink.fd = -1;

  for (guint i = 0; extra_files != NULL && i < extra_files->len; i++)
    {
      EocConfigurationSource *source = g_ptr_array_index (extra_files, i);
      g_autoptr(GError) local_error = NULL;

      if (!check_entry_name (source->path, &local_error) ||
          g_hash_table_contains (writer.extra_paths, source->path))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Cannot add “%s” to a configuration: %s", source->path,
                       local_error != NULL ? local_error->message : "given more than once");
          goto out;
        }
      g_hash_table_add (writer.extra_paths, source->path);
    }

  manifest_data = build_manifest (manifest, &manifest_length);

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create “%s”: %s", path, g_strerror (saved_errno));
      goto out;
    }
  is_regular = fstat (fd, &st) == 0 && S_ISREG (st.st_mode);
  writer.sink.fd = fd;

  writer.archive = archive_write_new ();
  archive_write_set_format_zip (writer.archive);
  archive_write_set_format_option (writer.archive, "zip", "hdrcharset", "UTF-8");
  archive_write_set_bytes_per_block (writer.archive, BLOCK_SIZE);
  archive_write_set_bytes_in_last_block (writer.archive, 1);
  if (archive_write_open (writer.archive, &writer.sink, NULL, sink_write_cb, NULL) != ARCHIVE_OK)
    {
      set_write_error (&writer, error);
      goto out;
    }

  if (!writer_begin_entry (&writer, MANIFEST_NAME, TRUE, manifest_length, now, error) ||
      !writer_write (&writer, manifest_data, manifest_length, error) ||
      !writer_finish_entry (&writer, error))
    goto out;

  if (files_from != NULL && !writer_copy_from (&writer, files_from, error))
    goto out;

  for (guint i = 0; extra_files != NULL && i < extra_files->len; i++)
    {
      EocConfigurationSource *source = g_ptr_array_index (extra_files, i);
      g_autofree char *name = g_strconcat (FILES_PREFIX, source->path, NULL);
      g_autofree char *sha256 = NULL;
      gsize length;
      const void *data = g_bytes_get_data (source->content, &length);

      if (!writer_begin_entry (&writer, name, TRUE, length, now, error) ||
          !writer_write (&writer, data, length, error) ||
          !writer_finish_entry (&writer, error))
        goto out;

      sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, source->content);
      if (!writer_add_file (&writer, source->path, length, sha256, error))
        goto out;
    }

  if (archive_write_close (writer.archive) != ARCHIVE_OK || writer.sink.saved_errno != 0)
    {
      set_write_error (&writer, error);
      goto out;
    }

  if (fsync (fd) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write “%s”: %s", path, g_strerror (saved_errno));
      goto out;
    }

  writer.sink.fd = -1;
  if (close (g_steal_fd (&fd)) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not write “%s”: %s", path, g_strerror (saved_errno));
      goto out;
    }

  g_ptr_array_sort (writer.files, compare_files);
  g_clear_pointer (&manifest->files, g_ptr_array_unref);
  manifest->files = g_steal_pointer (&writer.files);
  g_free (manifest->sha256);
  manifest->sha256 = g_strdup (g_checksum_get_string (writer.sink.checksum));
  manifest->size = writer.sink.bytes;
  ok = TRUE;

out:
  if (writer.archive != NULL)
    {
      /* libarchive 3.6 frees its buffers and deflate state only on close;
       * what close still writes is dropped. */
      if (!ok)
        {
          writer.sink.closed = TRUE;
          archive_write_close (writer.archive);
        }
      archive_write_free (writer.archive);
    }
  if (fd >= 0)
    g_close (fd, NULL);
  /* Only ever remove what is a regular file: the path could be a device. */
  if (!ok && is_regular)
    g_unlink (path);
  g_clear_pointer (&writer.extra_paths, g_hash_table_unref);
  g_clear_pointer (&writer.written, g_hash_table_unref);
  g_clear_pointer (&writer.files, g_ptr_array_unref);
  g_clear_pointer (&writer.buffer, g_free);
  g_clear_pointer (&writer.sink.checksum, g_checksum_free);

  return ok;
}

/**
 * eoc_configuration_write:
 * @path: where to write the archive (created or truncated)
 * @manifest: the manifest's fields; its sha256, size and files are set
 * @files_from: (nullable): an archive whose files/ entries are copied
 * @extra_files: (nullable) (element-type EocConfigurationSource): more files,
 *   which replace those of @files_from with the same path
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes a configuration archive, streaming, and fsyncs it. On failure the
 * partial file at @path is removed.
 *
 * Returns: %TRUE on success.
 */
gboolean
eoc_configuration_write (const char       *path,
                         EocConfiguration *manifest,
                         const char       *files_from,
                         GPtrArray        *extra_files,
                         GCancellable     *cancellable,
                         GError          **error)
{
  locale_t previous;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (manifest != NULL, FALSE);
  g_return_val_if_fail (manifest->environment_version != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  previous = utf8_locale_push ();
  ok = configuration_write (path, manifest, files_from, extra_files, cancellable, error);
  utf8_locale_pop (previous);

  return ok;
}

/* Comparing. */

typedef struct {
  char       *path;
  const char *change;
  JsonNode   *old_value;
  JsonNode   *new_value;
} Change;

static void
change_free (Change *change)
{
  g_free (change->path);
  g_clear_pointer (&change->old_value, json_node_unref);
  g_clear_pointer (&change->new_value, json_node_unref);
  g_free (change);
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const Change *ca = *(Change * const *) a;
  const Change *cb = *(Change * const *) b;

  return strcmp (ca->path, cb->path);
}

static void
add_change (GPtrArray  *changes,
            char       *path,
            const char *kind,
            JsonNode   *old_value,
            JsonNode   *new_value)
{
  Change *change = g_new0 (Change, 1);

  change->path = path;
  change->change = kind;
  change->old_value = old_value != NULL ? json_node_copy (old_value) : NULL;
  change->new_value = new_value != NULL ? json_node_copy (new_value) : NULL;
  g_ptr_array_add (changes, change);
}

/* "/" + the key with "~" and "/" escaped as in RFC 6901. */
static char *
pointer_append (const char *prefix,
                const char *key)
{
  GString *path = g_string_new (prefix);

  g_string_append_c (path, '/');
  for (const char *p = key; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (path, "~0");
      else if (*p == '/')
        g_string_append (path, "~1");
      else
        g_string_append_c (path, *p);
    }

  return g_string_free (path, FALSE);
}

static void
diff_objects (GPtrArray  *changes,
              const char *prefix,
              JsonObject *current,
              JsonObject *target)
{
  g_autoptr(GList) current_members = json_object_get_members (current);
  g_autoptr(GList) target_members = json_object_get_members (target);

  for (GList *l = current_members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *old_value = json_object_get_member (current, key);
      JsonNode *new_value = json_object_get_member (target, key);
      char *path = pointer_append (prefix, key);

      if (new_value == NULL)
        add_change (changes, path, "removed", old_value, NULL);
      else if (JSON_NODE_HOLDS_OBJECT (old_value) && JSON_NODE_HOLDS_OBJECT (new_value))
        {
          diff_objects (changes, path, json_node_get_object (old_value),
                        json_node_get_object (new_value));
          g_free (path);
        }
      else if (!json_node_equal (old_value, new_value))
        add_change (changes, path, "changed", old_value, new_value);
      else
        g_free (path);
    }

  for (GList *l = target_members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      if (!json_object_has_member (current, key))
        add_change (changes, pointer_append (prefix, key), "added", NULL,
                    json_object_get_member (target, key));
    }
}

static JsonObject *
settings_object (const EocConfiguration *configuration)
{
  if (configuration == NULL || configuration->settings == NULL ||
      !JSON_NODE_HOLDS_OBJECT (configuration->settings))
    return NULL;

  return json_node_get_object (configuration->settings);
}

static void
count_change (const char *kind,
              gint64     *added,
              gint64     *removed,
              gint64     *changed)
{
  if (strcmp (kind, "added") == 0)
    (*added)++;
  else if (strcmp (kind, "removed") == 0)
    (*removed)++;
  else
    (*changed)++;
}

/**
 * eoc_configuration_diff:
 * @current: the configuration in place
 * @target: the one that would replace it
 *
 * Returns: (transfer full): the API's Changes object.
 */
JsonNode *
eoc_configuration_diff (const EocConfiguration *current,
                        const EocConfiguration *target)
{
  g_autoptr(GPtrArray) settings = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  g_autoptr(GPtrArray) file_changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  g_autoptr(JsonObject) empty = json_object_new ();
  JsonObject *current_settings = settings_object (current);
  JsonObject *target_settings = settings_object (target);
  GPtrArray *current_files = current != NULL ? current->files : NULL;
  GPtrArray *target_files = target != NULL ? target->files : NULL;
  g_autoptr(GPtrArray) sorted_current = g_ptr_array_new ();
  g_autoptr(GPtrArray) sorted_target = g_ptr_array_new ();
  JsonObject *result = json_object_new ();
  JsonArray *array;
  JsonObject *summary;
  JsonNode *node;
  gint64 added = 0;
  gint64 removed = 0;
  gint64 changed = 0;
  guint i = 0;
  guint j = 0;

  diff_objects (settings, "",
                current_settings != NULL ? current_settings : empty,
                target_settings != NULL ? target_settings : empty);
  g_ptr_array_sort (settings, compare_changes);

  for (guint k = 0; current_files != NULL && k < current_files->len; k++)
    g_ptr_array_add (sorted_current, g_ptr_array_index (current_files, k));
  for (guint k = 0; target_files != NULL && k < target_files->len; k++)
    g_ptr_array_add (sorted_target, g_ptr_array_index (target_files, k));
  g_ptr_array_sort (sorted_current, compare_files);
  g_ptr_array_sort (sorted_target, compare_files);

  while (i < sorted_current->len || j < sorted_target->len)
    {
      EocConfigurationFile *a = i < sorted_current->len ? g_ptr_array_index (sorted_current, i) : NULL;
      EocConfigurationFile *b = j < sorted_target->len ? g_ptr_array_index (sorted_target, j) : NULL;
      int cmp = a == NULL ? 1 : b == NULL ? -1 : strcmp (a->path, b->path);

      if (cmp < 0)
        {
          add_change (file_changes, g_strdup (a->path), "removed", NULL, NULL);
          i++;
        }
      else if (cmp > 0)
        {
          add_change (file_changes, g_strdup (b->path), "added", NULL, NULL);
          j++;
        }
      else
        {
          if (g_strcmp0 (a->sha256, b->sha256) != 0 || a->size != b->size)
            add_change (file_changes, g_strdup (a->path), "changed", NULL, NULL);
          i++;
          j++;
        }
    }

  array = json_array_new ();
  for (guint k = 0; k < settings->len; k++)
    {
      Change *change = g_ptr_array_index (settings, k);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "path", change->path);
      json_object_set_string_member (object, "change", change->change);
      if (change->old_value != NULL)
        json_object_set_member (object, "old", g_steal_pointer (&change->old_value));
      if (change->new_value != NULL)
        json_object_set_member (object, "new", g_steal_pointer (&change->new_value));
      json_array_add_object_element (array, object);
      count_change (change->change, &added, &removed, &changed);
    }
  json_object_set_array_member (result, "settings", array);

  array = json_array_new ();
  for (guint k = 0; k < file_changes->len; k++)
    {
      Change *change = g_ptr_array_index (file_changes, k);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "path", change->path);
      json_object_set_string_member (object, "change", change->change);
      json_array_add_object_element (array, object);
      count_change (change->change, &added, &removed, &changed);
    }
  json_object_set_array_member (result, "files", array);

  summary = json_object_new ();
  json_object_set_int_member (summary, "added", added);
  json_object_set_int_member (summary, "removed", removed);
  json_object_set_int_member (summary, "changed", changed);
  json_object_set_object_member (result, "summary", summary);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, result);
  return node;
}
