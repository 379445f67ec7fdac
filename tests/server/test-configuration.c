/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-configuration.c: the configuration file, read, validated, written and
 * compared. Bad archives are made here with libarchive's writer, the way an
 * attacker or a broken tool would.
 */

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "eoc-configuration.h"
#include "eoc-json.h"
#include "eoc-test-server.h"

#define MIB (1024 * 1024)
#define VALID_MANIFEST \
  "{\"format\":\"env-ops-center-configuration\",\"format_version\":1," \
  "\"environment_version\":\"2.1.0\",\"settings\":{}}"

static char *tmp_dir;

static char *
test_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

typedef struct {
  const char  *name;
  unsigned int type;      /* AE_IFREG when 0 */
  const char  *content;   /* a file's content, or a link's target */
  guint64      zeros;     /* when > 0: that many zero bytes instead of content */
} TestEntry;

/* Writes a ZIP archive with libarchive; @compression "store" or "deflate". */
static void
write_zip (const char      *path,
           const char      *compression,
           const TestEntry *entries,
           gsize            n_entries)
{
  struct archive *a = archive_write_new ();
  g_autofree guchar *zeros = g_malloc0 (64 * 1024);

  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_set_format_option (a, "zip", "compression", compression), ==,
                   ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);

  for (gsize i = 0; i < n_entries; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      unsigned int type = entries[i].type != 0 ? entries[i].type : AE_IFREG;

      archive_entry_set_pathname (entry, entries[i].name);
      archive_entry_set_filetype (entry, type);
      archive_entry_set_perm (entry, type == AE_IFDIR ? 0755 : 0644);
      archive_entry_set_mtime (entry, 1700000000, 0);
      if (type == AE_IFLNK)
        archive_entry_set_symlink (entry, entries[i].content);
      else if (type == AE_IFREG)
        archive_entry_set_size (entry, entries[i].zeros > 0 ? (la_int64_t) entries[i].zeros :
                                       (la_int64_t) strlen (entries[i].content));

      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      if (type == AE_IFREG && entries[i].zeros > 0)
        {
          for (guint64 left = entries[i].zeros; left > 0;)
            {
              gsize chunk = MIN (left, 64 * 1024);

              g_assert_cmpint (archive_write_data (a, zeros, chunk), ==, chunk);
              left -= chunk;
            }
        }
      else if (type == AE_IFREG)
        g_assert_cmpint (archive_write_data (a, entries[i].content, strlen (entries[i].content)),
                         ==, strlen (entries[i].content));
      archive_entry_free (entry);
    }

  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

static void
assert_read_fails (const char                   *path,
                   const EocConfigurationLimits *limits,
                   GQuark                        domain,
                   int                           code,
                   const char                   *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EocConfiguration) configuration = NULL;

  configuration = eoc_configuration_read (path, limits, NULL, &error);
  g_assert_null (configuration);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", path, error->message);
  g_assert_error (error, domain, code);
  if (strstr (error->message, fragment) == NULL)
    {
      g_printerr ("Message “%s” does not contain “%s”\n", error->message, fragment);
      g_assert_not_reached ();
    }
}

static char *
sha256_of_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = eoc_json_parse (json, strlen (json), 64, &error);

  g_assert_no_error (error);
  return node;
}

/* Pseudo-random bytes: incompressible and cheap. */
static void
fill_random (guchar  *buffer,
             gsize    length,
             guint64 *state)
{
  for (gsize i = 0; i < length; i += 8)
    {
      guint64 x = *state;

      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      *state = x;
      memcpy (buffer + i, &x, MIN (8, length - i));
    }
}

static GBytes *
random_bytes (gsize   length,
              guint64 seed)
{
  guchar *data = g_malloc (length);

  fill_random (data, length, &seed);
  return g_bytes_new_take (data, length);
}

static void
add_source (GPtrArray  *sources,
            const char *path,
            GBytes     *content)
{
  /* The source takes over the reference it is given. */
  g_ptr_array_add (sources, eoc_configuration_source_new (path, g_bytes_ref (content)));
}

static const EocConfigurationFile *
find_file (GPtrArray  *files,
           const char *path)
{
  for (guint i = 0; i < files->len; i++)
    {
      const EocConfigurationFile *file = g_ptr_array_index (files, i);

      if (strcmp (file->path, path) == 0)
        return file;
    }
  return NULL;
}

static void
assert_file (GPtrArray  *files,
             const char *path,
             GBytes     *content)
{
  const EocConfigurationFile *file = find_file (files, path);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);

  g_assert_nonnull (file);
  g_assert_cmpuint (file->size, ==, g_bytes_get_size (content));
  g_assert_cmpstr (file->sha256, ==, sha256);
}

static void
assert_same_files (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const EocConfigurationFile *fa = g_ptr_array_index (a, i);
      const EocConfigurationFile *fb = g_ptr_array_index (b, i);

      g_assert_cmpstr (fa->path, ==, fb->path);
      g_assert_cmpuint (fa->size, ==, fb->size);
      g_assert_cmpstr (fa->sha256, ==, fb->sha256);
    }
}

/* The names of an archive's entries, in order. */
static GStrv
list_entries (const char *path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  locale_t utf8 = newlocale (LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);
  locale_t previous;
  int r;

  /* This process keeps the C locale, as a service may: only here, for
   * libarchive to show UTF-8 names, this thread switches to C.UTF-8. */
  g_assert_true (utf8 != (locale_t) 0);
  previous = uselocale (utf8);
  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 65536), ==, ARCHIVE_OK);
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    g_strv_builder_add (builder, archive_entry_pathname_utf8 (entry));
  archive_read_free (a);
  uselocale (previous);
  freelocale (utf8);

  return g_strv_builder_end (builder);
}

static void
test_limits_defaults (void)
{
  EocConfigurationLimits limits;

  eoc_configuration_limits_init (&limits);
  g_assert_cmpuint (limits.max_entries, ==, 10000);
  g_assert_cmpuint (limits.max_total_size, ==, G_GUINT64_CONSTANT (8) * 1024 * 1024 * 1024);
  g_assert_cmpuint (limits.max_ratio, ==, 200);
  g_assert_cmpuint (limits.max_manifest_size, ==, MIB);
  g_assert_cmpuint (limits.max_json_depth, ==, 64);
}

static void
test_round_trip (void)
{
  g_autofree char *path = test_path ("round-trip.zip");
  g_autofree char *copy_path = test_path ("round-trip-copy.zip");
  g_autofree char *archive_sha256 = NULL;
  g_autoptr(JsonNode) settings = parse ("{\"db\":{\"host\":\"db1\",\"port\":5432},"
                                        "\"features\":[\"a\",\"b\"],\"name\":\"Staging\"}");
  g_autoptr(EocConfiguration) manifest = eoc_configuration_new ("2.1.0", settings);
  g_autoptr(EocConfiguration) read = NULL;
  g_autoptr(EocConfiguration) copy = NULL;
  g_autoptr(EocConfiguration) copy_read = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (
    (GDestroyNotify) eoc_configuration_source_free);
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func (
    (GDestroyNotify) eoc_configuration_source_free);
  g_autoptr(GBytes) ca = g_bytes_new_static ("-----BEGIN CERTIFICATE-----\n", 28);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) big = random_bytes (3 * MIB + 17, 42);
  g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (4 * MIB), 4 * MIB);
  g_autoptr(GBytes) accent = g_bytes_new_static ("crème", 6);
  g_autoptr(GBytes) ca2 = g_bytes_new_static ("new certificate\n", 16);
  g_autoptr(GBytes) extra = g_bytes_new_static ("extra\n", 6);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  struct stat st;

  manifest->taken_at = g_strdup ("2026-11-22T10:04:05Z");
  manifest->environment_id = g_strdup ("env-1");
  manifest->environment_name = g_strdup ("Staging");
  manifest->environment_type = g_strdup ("non_production");

  add_source (sources, "certs/ca.pem", ca);
  add_source (sources, "empty.txt", empty);
  add_source (sources, "bin/big.dat", big);
  /* Highly compressible and over 1 MiB: must not trip the reader's zip-bomb guard. */
  add_source (sources, "logs/zeros.log", zeros);
  add_source (sources, "unicode/café.txt", accent);

  g_assert_true (eoc_configuration_write (path, manifest, NULL, sources, NULL, &error));
  g_assert_no_error (error);

  /* What the writer reports is what is on disk. */
  archive_sha256 = sha256_of_file (path);
  g_assert_cmpstr (manifest->sha256, ==, archive_sha256);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (manifest->size, ==, st.st_size);
  g_assert_cmpuint (manifest->files->len, ==, 5);
  g_assert_cmpstr (((EocConfigurationFile *) manifest->files->pdata[0])->path, ==, "bin/big.dat");
  g_assert_cmpstr (((EocConfigurationFile *) manifest->files->pdata[4])->path, ==,
                   "unicode/café.txt");
  assert_file (manifest->files, "certs/ca.pem", ca);
  assert_file (manifest->files, "bin/big.dat", big);

  /* manifest.json comes first, then the files. */
  names = list_entries (path);
  g_assert_cmpuint (g_strv_length (names), ==, 6);
  g_assert_cmpstr (names[0], ==, "manifest.json");
  g_assert_cmpstr (names[1], ==, "files/certs/ca.pem");
  g_assert_cmpstr (names[5], ==, "files/unicode/café.txt");

  read = eoc_configuration_read (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  g_assert_cmpstr (read->environment_version, ==, "2.1.0");
  g_assert_cmpstr (read->taken_at, ==, "2026-11-22T10:04:05Z");
  g_assert_cmpstr (read->environment_id, ==, "env-1");
  g_assert_cmpstr (read->environment_name, ==, "Staging");
  g_assert_cmpstr (read->environment_type, ==, "non_production");
  g_assert_true (json_node_equal (read->settings, settings));
  g_assert_cmpstr (read->sha256, ==, archive_sha256);
  g_assert_cmpuint (read->size, ==, st.st_size);
  assert_same_files (read->files, manifest->files);
  assert_file (read->files, "certs/ca.pem", ca);
  assert_file (read->files, "empty.txt", empty);
  assert_file (read->files, "bin/big.dat", big);
  assert_file (read->files, "logs/zeros.log", zeros);
  assert_file (read->files, "unicode/café.txt", accent);

  /* Copying files from it: extra files replace those with the same path. */
  copy = eoc_configuration_new ("2.2.0", NULL);
  add_source (more, "certs/ca.pem", ca2);
  add_source (more, "extra.txt", extra);
  g_assert_true (eoc_configuration_write (copy_path, copy, path, more, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (copy->files->len, ==, 6);
  assert_file (copy->files, "certs/ca.pem", ca2);
  assert_file (copy->files, "bin/big.dat", big);

  copy_read = eoc_configuration_read (copy_path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copy_read->environment_version, ==, "2.2.0");
  g_assert_null (copy_read->taken_at);
  g_assert_null (copy_read->environment_id);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (copy_read->settings));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (copy_read->settings)), ==, 0);
  assert_same_files (copy_read->files, copy->files);
  assert_file (copy_read->files, "certs/ca.pem", ca2);
  assert_file (copy_read->files, "extra.txt", extra);
  assert_file (copy_read->files, "bin/big.dat", big);
  assert_file (copy_read->files, "logs/zeros.log", zeros);
  assert_file (copy_read->files, "unicode/café.txt", accent);
  assert_file (copy_read->files, "empty.txt", empty);
  g_assert_cmpstr (copy_read->sha256, ==, copy->sha256);
}

static void
test_valid_variants (void)
{
  g_autofree char *path = test_path ("variants.zip");
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autoptr(GError) error = NULL;
  const TestEntry entries[] = {
    /* manifest.json need not come first; folder entries are allowed. */
    { "files/", AE_IFDIR, NULL, 0 },
    { "files/certs/", AE_IFDIR, NULL, 0 },
    { "files/certs/b.pem", 0, "bbb", 0 },
    { "manifest.json", 0,
      "{\"format\":\"env-ops-center-configuration\",\"format_version\":1,"
      "\"environment_version\":\"1.0.0\",\"taken_at\":null,"
      "\"environment\":{\"name\":\"Prod\"},\"settings\":{\"a\":1}}", 0 },
    { "files/a.txt", 0, "aaa", 0 },
  };

  write_zip (path, "deflate", entries, G_N_ELEMENTS (entries));
  configuration = eoc_configuration_read (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (configuration->environment_version, ==, "1.0.0");
  g_assert_null (configuration->taken_at);
  g_assert_cmpstr (configuration->environment_name, ==, "Prod");
  g_assert_null (configuration->environment_id);
  g_assert_cmpuint (configuration->files->len, ==, 2);
  /* Sorted by path. */
  g_assert_cmpstr (((EocConfigurationFile *) configuration->files->pdata[0])->path, ==, "a.txt");
  g_assert_cmpstr (((EocConfigurationFile *) configuration->files->pdata[1])->path, ==,
                   "certs/b.pem");
  g_assert_cmpuint (((EocConfigurationFile *) configuration->files->pdata[1])->size, ==, 3);
}

typedef struct {
  const char *test_name;
  TestEntry   entries[4];
  int         code;
  const char *fragment;
} BadCase;

#define MANIFEST_ENTRY { "manifest.json", 0, VALID_MANIFEST, 0 }
#define MANIFEST_WITH(json) { "manifest.json", 0, json, 0 }

static const BadCase bad_cases[] = {
  { "missing-manifest", { { "files/a.txt", 0, "a", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID,
    "The file is not a configuration file: manifest.json is missing" },
  { "nested-manifest", { { "backup/", AE_IFDIR, NULL, 0 },
                         { "backup/manifest.json", 0, VALID_MANIFEST, 0 },
                         { "backup/files/a", 0, "a", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID,
    "manifest.json is not at its top level but in “backup/manifest.json”" },
  { "only-other-files", { { "photo.jpg", 0, "jpeg", 0 }, { "notes.txt", 0, "x", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "manifest.json is missing" },
  { "bad-json", { MANIFEST_WITH ("{\"format\": ") },
    EOC_CONFIGURATION_ERROR_INVALID, "manifest.json is not valid JSON" },
  { "not-an-object", { MANIFEST_WITH ("[1, 2]") },
    EOC_CONFIGURATION_ERROR_INVALID, "manifest.json does not hold a JSON object" },
  { "wrong-format", { MANIFEST_WITH ("{\"format\":\"something-else\",\"format_version\":1,"
                                     "\"environment_version\":\"2.1.0\",\"settings\":{}}") },
    EOC_CONFIGURATION_ERROR_INVALID,
    "The file is not a configuration file: its manifest.json is for format “something-else”" },
  { "no-format", { MANIFEST_WITH ("{\"format_version\":1,\"environment_version\":\"2.1.0\","
                                  "\"settings\":{}}") },
    EOC_CONFIGURATION_ERROR_INVALID, "does not name its format" },
  { "wrong-version", { MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\","
                                      "\"format_version\":2,\"environment_version\":\"2.1.0\","
                                      "\"settings\":{}}") },
    EOC_CONFIGURATION_ERROR_INVALID,
    "Configuration format version 2 is not supported (this service reads version 1)" },
  { "version-not-number", { MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\","
                                           "\"format_version\":\"1\","
                                           "\"environment_version\":\"2.1.0\",\"settings\":{}}") },
    EOC_CONFIGURATION_ERROR_INVALID, "format_version must be a whole number" },
  { "no-environment-version", { MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\","
                                               "\"format_version\":1,\"settings\":{}}") },
    EOC_CONFIGURATION_ERROR_INVALID, "environment_version must be a non-empty string" },
  { "empty-environment-version", { MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\","
                                                  "\"format_version\":1,"
                                                  "\"environment_version\":\"\","
                                                  "\"settings\":{}}") },
    EOC_CONFIGURATION_ERROR_INVALID, "environment_version must be a non-empty string" },
  { "no-settings", { MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\","
                                    "\"format_version\":1,\"environment_version\":\"2.1.0\"}") },
    EOC_CONFIGURATION_ERROR_INVALID, "settings must be a JSON object" },
  { "settings-array", { MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\","
                                       "\"format_version\":1,\"environment_version\":\"2.1.0\","
                                       "\"settings\":[]}") },
    EOC_CONFIGURATION_ERROR_INVALID, "settings must be a JSON object" },
  { "taken-at-number", { MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\","
                                        "\"format_version\":1,\"environment_version\":\"2.1.0\","
                                        "\"taken_at\":5,\"settings\":{}}") },
    EOC_CONFIGURATION_ERROR_INVALID, "taken_at must be a string" },
  { "environment-string", { MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\","
                                           "\"format_version\":1,"
                                           "\"environment_version\":\"2.1.0\","
                                           "\"environment\":\"prod\",\"settings\":{}}") },
    EOC_CONFIGURATION_ERROR_INVALID, "environment must be an object" },
  { "environment-name-number", { MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\","
                                                "\"format_version\":1,"
                                                "\"environment_version\":\"2.1.0\","
                                                "\"environment\":{\"name\":3},"
                                                "\"settings\":{}}") },
    EOC_CONFIGURATION_ERROR_INVALID, "environment.name must be a string" },
  { "dot-dot", { MANIFEST_ENTRY, { "../x", 0, "evil", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “../x” is outside the configuration" },
  { "dot-dot-first", { { "../x", 0, "evil", 0 }, MANIFEST_ENTRY },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “../x” is outside the configuration" },
  { "dot-dot-inside", { MANIFEST_ENTRY, { "files/../../etc/cron.d/x", 0, "evil", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID,
    "Entry “files/../../etc/cron.d/x” is outside the configuration" },
  { "absolute", { MANIFEST_ENTRY, { "/etc/passwd", 0, "root", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “/etc/passwd” has an absolute path" },
  { "backslash", { MANIFEST_ENTRY, { "files\\sub\\evil.txt", 0, "x", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “files\\sub\\evil.txt” has a backslash in its name" },
  { "backslash-dot-dot", { MANIFEST_ENTRY, { "files\\..\\..\\evil", 0, "x", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "is outside the configuration" },
  { "control-character", { MANIFEST_ENTRY, { "files/a\nb", 0, "x", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “files/a\\x0Ab” has control characters in its name" },
  { "empty-component", { MANIFEST_ENTRY, { "files/a//b", 0, "x", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "has an empty or “.” folder" },
  { "symlink", { MANIFEST_ENTRY, { "files/link", AE_IFLNK, "/etc/shadow", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “files/link” is a symbolic link" },
  { "duplicate", { MANIFEST_ENTRY, { "files/a", 0, "one", 0 }, { "files/a", 0, "two", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “files/a” appears more than once" },
  { "duplicate-manifest", { MANIFEST_ENTRY, MANIFEST_ENTRY },
    EOC_CONFIGURATION_ERROR_INVALID, "it holds manifest.json more than once" },
  { "outside-after-manifest", { MANIFEST_ENTRY, { "notes.txt", 0, "x", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID,
    "Entry “notes.txt” is outside the configuration: only manifest.json and files under files/ "
    "are allowed" },
  { "outside-before-manifest", { { "notes.txt", 0, "x", 0 }, MANIFEST_ENTRY },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “notes.txt” is outside the configuration" },
  { "outside-folder", { MANIFEST_ENTRY, { "other/", AE_IFDIR, NULL, 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “other” is outside the configuration" },
  { "file-and-folder", { MANIFEST_ENTRY, { "files/a", 0, "x", 0 }, { "files/a/b", 0, "y", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “files/a” is both a file and a folder" },
  { "file-and-folder-entry", { MANIFEST_ENTRY, { "files/a/", AE_IFDIR, NULL, 0 },
                               { "files/a", 0, "x", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “files/a” is both a file and a folder" },
  { "bare-files", { MANIFEST_ENTRY, { "files", 0, "x", 0 } },
    EOC_CONFIGURATION_ERROR_INVALID, "Entry “files” is outside the configuration" },
};

static void
test_bad_case (gconstpointer data)
{
  const BadCase *bad = data;
  g_autofree char *name = g_strconcat (bad->test_name, ".zip", NULL);
  g_autofree char *path = test_path (name);
  gsize n_entries = 0;

  while (n_entries < G_N_ELEMENTS (bad->entries) && bad->entries[n_entries].name != NULL)
    n_entries++;

  write_zip (path, "deflate", bad->entries, n_entries);
  assert_read_fails (path, NULL, EOC_CONFIGURATION_ERROR, bad->code, bad->fragment);
}

static void
test_deep_json (void)
{
  g_autofree char *path = test_path ("deep.zip");
  GString *json = g_string_new ("{\"format\":\"env-ops-center-configuration\",\"format_version\":1,"
                                "\"environment_version\":\"2.1.0\",\"settings\":");
  g_autofree char *manifest = NULL;
  TestEntry entries[1] = { { "manifest.json", 0, NULL, 0 } };

  for (int i = 0; i < 100000; i++)
    g_string_append (json, "{\"a\":");
  g_string_append (json, "1");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (json, '}');
  g_string_append_c (json, '}');
  manifest = g_string_free (json, FALSE);
  entries[0].content = manifest;

  write_zip (path, "deflate", entries, 1);
  assert_read_fails (path, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                     "JSON nested more than 64 levels deep");
}

static void
test_not_zip (void)
{
  g_autofree char *empty = test_path ("empty.zip");
  g_autofree char *random = test_path ("random.zip");
  g_autofree char *text = test_path ("text.zip");
  g_autofree char *missing = test_path ("does-not-exist.zip");
  g_autoptr(GBytes) noise = random_bytes (100000, 7);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (random, g_bytes_get_data (noise, NULL),
                                      g_bytes_get_size (noise), NULL));
  g_assert_true (g_file_set_contents (text, "{\"settings\": {}}\n", -1, NULL));

  assert_read_fails (empty, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                     "The file is not a ZIP archive");
  assert_read_fails (random, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                     "The file is not a ZIP archive");
  assert_read_fails (text, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                     "The file is not a ZIP archive");
  assert_read_fails (missing, NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "does-not-exist.zip");
}

/* A valid archive with a file big enough to be cut in the middle of. */
static void
write_valid (const char *path,
             const char *compression)
{
  g_autoptr(GBytes) noise = random_bytes (200000, 99);
  g_autofree char *hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, noise);
  GString *content = g_string_new (NULL);
  g_autofree char *text = NULL;
  TestEntry entries[3] = {
    MANIFEST_ENTRY,
    { "files/data.txt", 0, NULL, 0 },
    { "files/after.txt", 0, "after", 0 },
  };

  /* Text (the writer takes strings) that does not compress much. */
  for (int i = 0; i < 3000; i++)
    g_string_append_printf (content, "%d %s\n", i * 7919, hex + (i % 32));
  text = g_string_free (content, FALSE);
  entries[1].content = text;

  write_zip (path, compression, entries, G_N_ELEMENTS (entries));
}

static void
test_truncated (void)
{
  const char *compressions[] = { "deflate", "store" };

  for (guint i = 0; i < G_N_ELEMENTS (compressions); i++)
    {
      g_autofree char *name = g_strdup_printf ("truncated-%s.zip", compressions[i]);
      g_autofree char *path = test_path (name);
      g_autoptr(EocConfiguration) whole = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree guchar *contents = NULL;
      gsize length;
      guint32 cd_offset;

      write_valid (path, compressions[i]);
      whole = eoc_configuration_read (path, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (whole->files->len, ==, 2);

      g_assert_true (g_file_get_contents (path, (char **) &contents, &length, NULL));
      /* The central directory's offset, from the end record. */
      g_assert_cmpmem (contents + length - 22, 4, "PK\005\006", 4);
      memcpy (&cd_offset, contents + length - 22 + 16, 4);
      cd_offset = GUINT32_FROM_LE (cd_offset);

      /* Cut in half: inside the data of files/data.txt. */
      g_assert_true (g_file_set_contents (path, (char *) contents, length / 2, NULL));
      assert_read_fails (path, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                         "The file is damaged or incomplete");

      /* Cut where the table of contents starts: every entry is whole. */
      g_assert_true (g_file_set_contents (path, (char *) contents, cd_offset, NULL));
      assert_read_fails (path, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                         "The file is damaged or incomplete");

      /* Cut inside the table of contents. */
      g_assert_true (g_file_set_contents (path, (char *) contents, cd_offset + 30, NULL));
      assert_read_fails (path, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                         "the end of the ZIP archive is missing");

      /* One byte of file data changed: the CRC no longer matches. */
      contents[length / 2] ^= 0x55;
      g_assert_true (g_file_set_contents (path, (char *) contents, length, NULL));
      assert_read_fails (path, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                         "The file is damaged or incomplete");
    }
}

/* A central directory that lists another name than the local header. */
static void
test_directory_mismatch (void)
{
  g_autofree char *path = test_path ("mismatch.zip");
  g_autofree guchar *contents = NULL;
  gsize length;
  guchar *found = NULL;
  const TestEntry entries[] = { MANIFEST_ENTRY, { "files/aaaa", 0, "x", 0 } };

  write_zip (path, "deflate", entries, G_N_ELEMENTS (entries));
  g_assert_true (g_file_get_contents (path, (char **) &contents, &length, NULL));
  /* The last "files/aaaa" is the central directory's. */
  for (gsize i = 0; i + 10 <= length; i++)
    if (memcmp (contents + i, "files/aaaa", 10) == 0)
      found = contents + i;
  g_assert_nonnull (found);
  memcpy (found, "files/bbbb", 10);
  g_assert_true (g_file_set_contents (path, (char *) contents, length, NULL));

  assert_read_fails (path, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                     "its table of contents names other entries than it holds");
}

static void
put_le16 (GByteArray *array,
          guint16     value)
{
  guint16 le = GUINT16_TO_LE (value);

  g_byte_array_append (array, (guint8 *) &le, 2);
}

static void
put_le32 (GByteArray *array,
          guint32     value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_byte_array_append (array, (guint8 *) &le, 4);
}

static void
put_le64 (GByteArray *array,
          guint64     value)
{
  guint64 le = GUINT64_TO_LE (value);

  g_byte_array_append (array, (guint8 *) &le, 8);
}

/* Rewrites a small archive's end as ZIP64 does past 4 GiB or 65,535 entries. */
static void
write_zip64_end (const char *from,
                 const char *to,
                 guint64     n_entries_claimed)
{
  g_autofree guchar *contents = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize length;
  guint32 cd_size;
  guint32 cd_offset;
  guint64 record_offset;

  g_assert_true (g_file_get_contents (from, (char **) &contents, &length, NULL));
  g_assert_cmpmem (contents + length - 22, 4, "PK\005\006", 4);
  memcpy (&cd_size, contents + length - 22 + 12, 4);
  memcpy (&cd_offset, contents + length - 22 + 16, 4);
  cd_size = GUINT32_FROM_LE (cd_size);
  cd_offset = GUINT32_FROM_LE (cd_offset);
  g_assert_cmpuint (cd_offset + cd_size, ==, length - 22);

  g_byte_array_append (out, contents, length - 22);
  record_offset = out->len;
  g_byte_array_append (out, (guint8 *) "PK\006\006", 4);
  put_le64 (out, 44);
  put_le16 (out, 0x031e);
  put_le16 (out, 45);
  put_le32 (out, 0);
  put_le32 (out, 0);
  put_le64 (out, n_entries_claimed);
  put_le64 (out, n_entries_claimed);
  put_le64 (out, cd_size);
  put_le64 (out, cd_offset);
  g_byte_array_append (out, (guint8 *) "PK\006\007", 4);
  put_le32 (out, 0);
  put_le64 (out, record_offset);
  put_le32 (out, 1);
  g_byte_array_append (out, (guint8 *) "PK\005\006", 4);
  put_le16 (out, 0);
  put_le16 (out, 0);
  put_le16 (out, 0xffff);
  put_le16 (out, 0xffff);
  put_le32 (out, 0xffffffff);
  put_le32 (out, 0xffffffff);
  put_le16 (out, 0);

  g_assert_true (g_file_set_contents (to, (char *) out->data, out->len, NULL));
}

static void
test_zip64_end (void)
{
  g_autofree char *path = test_path ("zip64-source.zip");
  g_autofree char *zip64_path = test_path ("zip64.zip");
  g_autofree char *wrong_path = test_path ("zip64-wrong.zip");
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autoptr(GError) error = NULL;
  const TestEntry entries[] = { MANIFEST_ENTRY, { "files/a", 0, "a", 0 } };

  write_zip (path, "deflate", entries, G_N_ELEMENTS (entries));
  write_zip64_end (path, zip64_path, 2);
  configuration = eoc_configuration_read (zip64_path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (configuration->files->len, ==, 1);

  write_zip64_end (path, wrong_path, 3);
  assert_read_fails (wrong_path, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID,
                     "its table of contents lists 3 entries, but it holds 2");
}

static void
test_limits (void)
{
  g_autofree char *entries_path = test_path ("many-entries.zip");
  g_autofree char *size_path = test_path ("big-total.zip");
  g_autofree char *manifest_path = test_path ("big-manifest.zip");
  g_autofree char *bomb_path = test_path ("bomb.zip");
  g_autofree char *stored_path = test_path ("stored-zeros.zip");
  g_autoptr(EocConfiguration) ok = NULL;
  g_autoptr(GError) error = NULL;
  EocConfigurationLimits limits;
  const TestEntry many[] = {
    MANIFEST_ENTRY, { "files/1", 0, "1", 0 }, { "files/2", 0, "2", 0 }, { "files/3", 0, "3", 0 },
  };
  const TestEntry big[] = { MANIFEST_ENTRY, { "files/big", 0, NULL, 5000 } };
  const TestEntry bomb[] = { MANIFEST_ENTRY, { "files/bomb.bin", 0, NULL, 50 * MIB } };

  write_zip (entries_path, "deflate", many, G_N_ELEMENTS (many));
  eoc_configuration_limits_init (&limits);
  limits.max_entries = 4;
  ok = eoc_configuration_read (entries_path, &limits, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&ok, eoc_configuration_free);
  limits.max_entries = 3;
  assert_read_fails (entries_path, &limits, EOC_CONFIGURATION_ERROR,
                     EOC_CONFIGURATION_ERROR_TOO_LARGE,
                     "The file has more than 3 entries, the most a configuration may have");

  write_zip (size_path, "deflate", big, G_N_ELEMENTS (big));
  eoc_configuration_limits_init (&limits);
  limits.max_total_size = 4096;
  assert_read_fails (size_path, &limits, EOC_CONFIGURATION_ERROR,
                     EOC_CONFIGURATION_ERROR_TOO_LARGE,
                     /* g_format_size() puts a no-break space before the unit. */
                     "The configuration is larger than 4.0\u00a0KiB once uncompressed");

  eoc_configuration_limits_init (&limits);
  limits.max_manifest_size = 50;
  assert_read_fails (size_path, &limits, EOC_CONFIGURATION_ERROR,
                     EOC_CONFIGURATION_ERROR_INVALID, "manifest.json is larger than 50 bytes");

  /* 50 MiB of zeros deflate to about 50 KiB: refused as a zip bomb. */
  write_zip (bomb_path, "deflate", bomb, G_N_ELEMENTS (bomb));
  assert_read_fails (bomb_path, NULL, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_TOO_LARGE,
                     "Entry “files/bomb.bin” expands to more than 200 times its compressed size");

  /* The same content stored: no ratio, so it is fine, unless the ratio is off. */
  write_zip (stored_path, "store", bomb, G_N_ELEMENTS (bomb));
  ok = eoc_configuration_read (stored_path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((EocConfigurationFile *) ok->files->pdata[0])->size, ==, 50 * MIB);
  g_clear_pointer (&ok, eoc_configuration_free);
  g_unlink (stored_path);
  g_unlink (bomb_path);
}

static gsize
proc_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], field) && lines[i][strlen (field)] == ':')
      return (gsize) g_ascii_strtoull (lines[i] + strlen (field) + 1, NULL, 10);

  g_assert_not_reached ();
  return 0;
}

/* Resets VmHWM to the current RSS (Linux ≥ 4.0), so that the peak measured is this step's. */
static void
reset_peak_memory (void)
{
  int fd = open ("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);

  if (fd >= 0)
    {
      if (write (fd, "5", 1) != 1)
        g_test_message ("Could not reset VmHWM");
      close (fd);
    }
}

typedef struct {
  const char   *path;
  GCancellable *cancellable;
  GError       *error;
  gint64        finished;
} CancelData;

static gpointer
read_thread (gpointer user_data)
{
  CancelData *data = user_data;
  EocConfiguration *configuration = eoc_configuration_read (data->path, NULL, data->cancellable,
                                                            &data->error);

  data->finished = g_get_monotonic_time ();
  g_clear_pointer (&configuration, eoc_configuration_free);
  return NULL;
}

#define BIG_SIZE (G_GUINT64_CONSTANT (300) * MIB)

static void
test_large_file (void)
{
  g_autofree char *path = test_path ("large.zip");
  g_autofree char *copy_path = test_path ("large-copy.zip");
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *block = g_malloc (64 * 1024);
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autoptr(EocConfiguration) copy = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  struct archive *a = archive_write_new ();
  struct archive_entry *entry;
  const EocConfigurationFile *file;
  CancelData cancel = { 0 };
  GThread *thread;
  guint64 state = 12345;
  gsize hwm_before;
  gsize hwm_after;
  gint64 cancelled_at;
  struct stat st;

  /* A 300 MiB incompressible file, stored, written a block at a time. */
  archive_write_set_format_zip (a);
  archive_write_set_format_option (a, "zip", "compression", "store");
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  entry = archive_entry_new ();
  archive_entry_set_pathname (entry, "manifest.json");
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, strlen (VALID_MANIFEST));
  g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
  archive_write_data (a, VALID_MANIFEST, strlen (VALID_MANIFEST));
  archive_entry_clear (entry);
  archive_entry_set_pathname (entry, "files/big.bin");
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) BIG_SIZE);
  g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
  for (guint64 left = BIG_SIZE; left > 0; left -= 64 * 1024)
    {
      fill_random (block, 64 * 1024, &state);
      g_checksum_update (checksum, block, 64 * 1024);
      g_assert_cmpint (archive_write_data (a, block, 64 * 1024), ==, 64 * 1024);
    }
  archive_entry_clear (entry);
  archive_entry_set_pathname (entry, "files/after.txt");
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, 5);
  g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
  archive_write_data (a, "after", 5);
  archive_entry_free (entry);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  expected = g_strdup (g_checksum_get_string (checksum));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_size, >, BIG_SIZE);

  /* Reading it: memory stays flat. */
  reset_peak_memory ();
  hwm_before = proc_status_kib ("VmHWM");
  configuration = eoc_configuration_read (path, NULL, NULL, &error);
  hwm_after = proc_status_kib ("VmHWM");
  g_assert_no_error (error);
  g_test_message ("Reading 300 MiB: VmHWM %zu KiB -> %zu KiB, VmRSS now %zu KiB",
                  hwm_before, hwm_after, proc_status_kib ("VmRSS"));
  g_assert_cmpuint (hwm_after - hwm_before, <, 32 * 1024);

  file = find_file (configuration->files, "big.bin");
  g_assert_nonnull (file);
  g_assert_cmpuint (file->size, ==, BIG_SIZE);
  g_assert_cmpstr (file->sha256, ==, expected);
  g_assert_nonnull (find_file (configuration->files, "after.txt"));
  g_assert_cmpuint (configuration->size, ==, st.st_size);
  g_assert_cmpuint (strlen (configuration->sha256), ==, 64);

  /* Copying it into a new configuration: memory stays flat too. */
  copy = eoc_configuration_new ("2.1.0", NULL);
  reset_peak_memory ();
  hwm_before = proc_status_kib ("VmHWM");
  g_assert_true (eoc_configuration_write (copy_path, copy, path, NULL, NULL, &error));
  hwm_after = proc_status_kib ("VmHWM");
  g_assert_no_error (error);
  g_test_message ("Writing 300 MiB: VmHWM %zu KiB -> %zu KiB", hwm_before, hwm_after);
  g_assert_cmpuint (hwm_after - hwm_before, <, 32 * 1024);
  file = find_file (copy->files, "big.bin");
  g_assert_nonnull (file);
  g_assert_cmpstr (file->sha256, ==, expected);
  g_assert_cmpint (g_stat (copy_path, &st), ==, 0);
  g_assert_cmpuint (copy->size, ==, st.st_size);

  /* Cancelled in the middle of reading: it stops soon, with G_IO_ERROR_CANCELLED. */
  cancel.path = path;
  cancel.cancellable = cancellable;
  thread = g_thread_new ("read", read_thread, &cancel);
  g_usleep (150 * 1000);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);
  g_assert_error (cancel.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("Stopped %" G_GINT64_FORMAT " µs after cancellation",
                  cancel.finished - cancelled_at);
  g_assert_cmpint (cancel.finished - cancelled_at, <, G_USEC_PER_SEC / 2);
  g_clear_error (&cancel.error);

  g_unlink (copy_path);
  g_unlink (path);
}

typedef struct {
  const char   *path;
  const char   *from;
  GCancellable *cancellable;
  GError       *error;
  gboolean      result;
} WriteData;

static gpointer
write_thread (gpointer user_data)
{
  WriteData *data = user_data;
  g_autoptr(EocConfiguration) manifest = eoc_configuration_new ("2.1.0", NULL);

  data->result = eoc_configuration_write (data->path, manifest, data->from, NULL,
                                          data->cancellable, &data->error);
  return NULL;
}

static void
test_cancel (void)
{
  g_autofree char *path = test_path ("cancel.zip");
  g_autofree char *source = test_path ("cancel-source.zip");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(EocConfiguration) manifest = eoc_configuration_new ("2.1.0", NULL);
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autoptr(GError) error = NULL;
  const TestEntry entries[] = { MANIFEST_ENTRY, { "files/zeros", 0, NULL, 200 * MIB } };
  WriteData data = { 0 };
  GThread *thread;

  write_valid (path, "deflate");
  g_cancellable_cancel (cancellable);
  configuration = eoc_configuration_read (path, NULL, cancellable, &error);
  g_assert_null (configuration);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_unlink (path);

  g_assert_false (eoc_configuration_write (path, manifest, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Cancelled while copying 200 MiB: the partial file is removed. */
  write_zip (source, "store", entries, G_N_ELEMENTS (entries));
  data.path = path;
  data.from = source;
  data.cancellable = g_cancellable_new ();
  thread = g_thread_new ("write", write_thread, &data);
  g_usleep (100 * 1000);
  g_cancellable_cancel (data.cancellable);
  g_thread_join (thread);
  g_assert_false (data.result);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&data.error);
  g_clear_object (&data.cancellable);
  g_unlink (source);
}

static void
test_write_errors (void)
{
  g_autofree char *path = test_path ("errors.zip");
  g_autofree char *missing = test_path ("no-such-source.zip");
  g_autofree char *not_zip = test_path ("not-zip-source.zip");
  g_autoptr(EocConfiguration) manifest = eoc_configuration_new ("2.1.0", NULL);
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (
    (GDestroyNotify) eoc_configuration_source_free);
  g_autoptr(GBytes) content = random_bytes (256 * 1024, 3);
  g_autoptr(GError) error = NULL;

  /* A full disk is G_IO_ERROR_NO_SPACE, and the device is left alone. */
  if (g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      add_source (sources, "data.bin", content);
      g_assert_false (eoc_configuration_write ("/dev/full", manifest, NULL, sources, NULL,
                                               &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      g_assert_true (g_file_test ("/dev/full", G_FILE_TEST_EXISTS));
      g_clear_error (&error);
      g_ptr_array_set_size (sources, 0);
    }

  g_assert_false (eoc_configuration_write (path, manifest, missing, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (not_zip, "hello", -1, NULL));
  g_assert_false (eoc_configuration_write (path, manifest, not_zip, NULL, NULL, &error));
  g_assert_error (error, EOC_CONFIGURATION_ERROR, EOC_CONFIGURATION_ERROR_INVALID);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  add_source (sources, "../escape", content);
  g_assert_false (eoc_configuration_write (path, manifest, NULL, sources, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_ptr_array_set_size (sources, 0);

  add_source (sources, "twice", content);
  add_source (sources, "twice", content);
  g_assert_false (eoc_configuration_write (path, manifest, NULL, sources, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
}

static EocConfiguration *
configuration_with (const char        *settings_json,
                    const char *const *files)
{
  g_autoptr(JsonNode) settings = parse (settings_json);
  EocConfiguration *configuration = eoc_configuration_new ("2.1.0", settings);

  for (guint i = 0; files[i] != NULL; i += 2)
    {
      EocConfigurationFile *file = g_new0 (EocConfigurationFile, 1);

      file->path = g_strdup (files[i]);
      file->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, files[i + 1], -1);
      file->size = strlen (files[i + 1]);
      g_ptr_array_add (configuration->files, file);
    }

  return configuration;
}

static void
test_diff (void)
{
  const char *current_files[] = { "a.txt", "A", "b.txt", "B", "c.txt", "C", NULL };
  const char *target_files[] = { "d.txt", "D", "c.txt", "C2", "b.txt", "B", NULL };
  g_autoptr(EocConfiguration) current = configuration_with (
    "{\"db\":{\"host\":\"a\",\"port\":1,\"opts\":{\"ssl\":true}},\"list\":[1,2],\"gone\":\"x\","
    "\"same\":1,\"a/b\":1,\"t~\":{\"k\":1},\"kind\":{\"x\":1}}", current_files);
  g_autoptr(EocConfiguration) target = configuration_with (
    "{\"db\":{\"host\":\"b\",\"port\":1,\"opts\":{\"ssl\":true,\"ca\":\"c\"}},\"list\":[1,2,3],"
    "\"same\":1,\"new\":{\"deep\":1},\"a/b\":2,\"t~\":{},\"kind\":5}", target_files);
  g_autoptr(JsonNode) changes = eoc_configuration_diff (current, target);
  g_autoptr(JsonNode) none = eoc_configuration_diff (current, current);
  g_autofree char *json = eoc_json_to_string (changes);
  g_autofree char *none_json = eoc_json_to_string (none);
  g_autofree char *reverse_json = NULL;
  g_autoptr(JsonNode) reverse = eoc_configuration_diff (target, current);

  g_test_message ("%s", json);
  g_assert_cmpstr (json, ==,
                   "{\"settings\":["
                   "{\"path\":\"/a~1b\",\"change\":\"changed\",\"old\":1,\"new\":2},"
                   "{\"path\":\"/db/host\",\"change\":\"changed\",\"old\":\"a\",\"new\":\"b\"},"
                   "{\"path\":\"/db/opts/ca\",\"change\":\"added\",\"new\":\"c\"},"
                   "{\"path\":\"/gone\",\"change\":\"removed\",\"old\":\"x\"},"
                   "{\"path\":\"/kind\",\"change\":\"changed\",\"old\":{\"x\":1},\"new\":5},"
                   "{\"path\":\"/list\",\"change\":\"changed\",\"old\":[1,2],\"new\":[1,2,3]},"
                   "{\"path\":\"/new\",\"change\":\"added\",\"new\":{\"deep\":1}},"
                   "{\"path\":\"/t~0/k\",\"change\":\"removed\",\"old\":1}],"
                   "\"files\":["
                   "{\"path\":\"a.txt\",\"change\":\"removed\"},"
                   "{\"path\":\"c.txt\",\"change\":\"changed\"},"
                   "{\"path\":\"d.txt\",\"change\":\"added\"}],"
                   "\"summary\":{\"added\":3,\"removed\":3,\"changed\":5}}");

  g_assert_cmpstr (none_json, ==,
                   "{\"settings\":[],\"files\":[],"
                   "\"summary\":{\"added\":0,\"removed\":0,\"changed\":0}}");

  /* The other way round, additions and removals swap. */
  reverse_json = eoc_json_to_string (
    json_object_get_member (json_node_get_object (reverse), "summary"));
  g_assert_cmpstr (reverse_json, ==, "{\"added\":3,\"removed\":3,\"changed\":5}");
}

/* Diff of two archives read back: what the service does for an upload. */
static void
test_diff_archives (void)
{
  g_autofree char *a_path = test_path ("diff-a.zip");
  g_autofree char *b_path = test_path ("diff-b.zip");
  g_autoptr(EocConfiguration) a = NULL;
  g_autoptr(EocConfiguration) b = NULL;
  g_autoptr(JsonNode) changes = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *summary;
  JsonArray *files;
  const TestEntry a_entries[] = {
    MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\",\"format_version\":1,"
                   "\"environment_version\":\"2.1.0\",\"settings\":{\"x\":1}}"),
    { "files/keep", 0, "same", 0 }, { "files/edit", 0, "old", 0 },
  };
  const TestEntry b_entries[] = {
    MANIFEST_WITH ("{\"format\":\"env-ops-center-configuration\",\"format_version\":1,"
                   "\"environment_version\":\"2.1.0\",\"settings\":{\"x\":1}}"),
    { "files/edit", 0, "new", 0 }, { "files/keep", 0, "same", 0 },
  };

  write_zip (a_path, "deflate", a_entries, G_N_ELEMENTS (a_entries));
  write_zip (b_path, "store", b_entries, G_N_ELEMENTS (b_entries));
  a = eoc_configuration_read (a_path, NULL, NULL, &error);
  g_assert_no_error (error);
  b = eoc_configuration_read (b_path, NULL, NULL, &error);
  g_assert_no_error (error);

  changes = eoc_configuration_diff (a, b);
  files = json_object_get_array_member (json_node_get_object (changes), "files");
  g_assert_cmpuint (json_array_get_length (files), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 0),
                                                  "path"), ==, "edit");
  summary = json_object_get_object_member (json_node_get_object (changes), "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "changed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "added"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "removed"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("eoc-test-configuration-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/configuration/limits-defaults", test_limits_defaults);
  g_test_add_func ("/configuration/round-trip", test_round_trip);
  g_test_add_func ("/configuration/valid-variants", test_valid_variants);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/configuration/invalid/%s",
                                               bad_cases[i].test_name);

      g_test_add_data_func (name, &bad_cases[i], test_bad_case);
    }
  g_test_add_func ("/configuration/invalid/deep-json", test_deep_json);
  g_test_add_func ("/configuration/invalid/not-zip", test_not_zip);
  g_test_add_func ("/configuration/invalid/truncated", test_truncated);
  g_test_add_func ("/configuration/invalid/directory-mismatch", test_directory_mismatch);
  g_test_add_func ("/configuration/zip64-end", test_zip64_end);
  g_test_add_func ("/configuration/limits", test_limits);
  g_test_add_func ("/configuration/large-file", test_large_file);
  g_test_add_func ("/configuration/cancel", test_cancel);
  g_test_add_func ("/configuration/write-errors", test_write_errors);
  g_test_add_func ("/configuration/diff", test_diff);
  g_test_add_func ("/configuration/diff-archives", test_diff_archives);

  result = g_test_run ();

  eoc_test_rm_rf (tmp_dir);
  g_free (tmp_dir);

  return result;
}
