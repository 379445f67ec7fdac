/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-configuration.h: the configuration file (a ZIP archive: manifest.json
 * plus files/), read, validated, written and compared, streaming with
 * libarchive. Used from worker threads; nothing here touches a main loop.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define EOC_CONFIGURATION_FORMAT "env-ops-center-configuration"
#define EOC_CONFIGURATION_FORMAT_VERSION 1

#define EOC_CONFIGURATION_ERROR (eoc_configuration_error_quark ())

typedef enum {
  /* The bytes are not a valid configuration file; the message says why, in words a user can act on. */
  EOC_CONFIGURATION_ERROR_INVALID,
  /* Over one of the limits (entries, total size, compression ratio). */
  EOC_CONFIGURATION_ERROR_TOO_LARGE,
} EocConfigurationError;

GQuark eoc_configuration_error_quark (void);

typedef struct {
  guint   max_entries;          /* default 10000 */
  guint64 max_total_size;       /* uncompressed bytes, default 8 GiB */
  guint   max_ratio;            /* uncompressed / compressed per entry, default 200 (applies above 1 MiB; 0: no limit) */
  gsize   max_manifest_size;    /* default 1 MiB */
  guint   max_json_depth;       /* default 64 */
} EocConfigurationLimits;

/* Fills @limits with the defaults above. */
void eoc_configuration_limits_init (EocConfigurationLimits *limits);

typedef struct {
  char   *path;     /* relative to files/, e.g. "certs/ca.pem" */
  guint64 size;
  char   *sha256;   /* hex, of the file's content */
} EocConfigurationFile;

typedef struct {
  char     *environment_version;  /* "2.1.0" */
  char     *taken_at;             /* ISO 8601 or NULL */
  char     *environment_id;       /* or NULL */
  char     *environment_name;     /* or NULL */
  char     *environment_type;     /* or NULL */
  JsonNode *settings;             /* always an object node */
  GPtrArray *files;               /* of EocConfigurationFile, sorted by path */
  char     *sha256;               /* hex, of the whole archive file; NULL until read or written */
  guint64   size;                 /* of the whole archive file */
} EocConfiguration;

/* @settings: an object node, or NULL for an empty object; a reference is
 * taken (the caller keeps its own). files is empty, sha256 NULL. */
EocConfiguration *eoc_configuration_new  (const char       *environment_version,
                                          JsonNode         *settings);
void              eoc_configuration_free (EocConfiguration *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocConfiguration, eoc_configuration_free)

/*
 * Reads and validates the whole archive at @path in one streaming pass
 * (memory does not grow with the file's size): manifest present and valid,
 * format and format_version right, only manifest.json and regular files under
 * files/, no absolute paths, no "..", no links or devices, no duplicates,
 * within @limits (NULL for defaults). Computes the archive's SHA-256 and size
 * and each file's SHA-256 and size. Errors: EOC_CONFIGURATION_ERROR_*, or
 * G_IO_ERROR_* for I/O (cancelled included).
 * The central directory is checked against the entries read (count, names,
 * sizes, offsets; symbolic links and devices are only visible there), so a
 * cut-off or doctored archive is refused. manifest.json may be anywhere in
 * the archive; directory entries under files/ are allowed and ignored.
 */
EocConfiguration *eoc_configuration_read (const char                   *path,
                                          const EocConfigurationLimits *limits,
                                          GCancellable                 *cancellable,
                                          GError                      **error);
/* The same, trusting @sha256 as the archive's digest (computed as it was
 * written) instead of hashing the whole archive again. */
EocConfiguration *eoc_configuration_read_with_sha256 (const char                   *path,
                                                      const EocConfigurationLimits *limits,
                                                      const char                   *sha256,
                                                      GCancellable                 *cancellable,
                                                      GError                      **error);

/*
 * Writes a new archive to @path (created or truncated, fsync'd before it
 * returns; the caller writes to a temporary name and renames): manifest.json
 * first, made from @manifest's fields (environment_version, taken_at,
 * environment_*, settings), then the files/ entries copied, streaming, from
 * the archive @files_from (may be NULL), then @extra_files (may be NULL; a
 * GPtrArray of EocConfigurationSource, for sample data). Sets
 * @manifest->sha256 and @manifest->size to the written file's, and
 * @manifest->files to the files written.
 * An extra file replaces the file of @files_from with the same path; an
 * invalid or repeated extra path is G_IO_ERROR_INVALID_ARGUMENT. A damaged
 * @files_from is EOC_CONFIGURATION_ERROR_INVALID. A full disk is
 * G_IO_ERROR_NO_SPACE. On any failure the partial file at @path is removed.
 * The file is created with mode 0600. Entries over 1 MiB are stored
 * uncompressed, so that what is written never trips the reader's
 * compression-ratio guard.
 */
typedef struct {
  char   *path;     /* relative to files/ */
  GBytes *content;
} EocConfigurationSource;

/* Takes over @content (transfer full). */
EocConfigurationSource *eoc_configuration_source_new  (const char *path,
                                                       GBytes     *content);
void                    eoc_configuration_source_free (EocConfigurationSource *source);

gboolean eoc_configuration_write (const char       *path,
                                  EocConfiguration *manifest,
                                  const char       *files_from,
                                  GPtrArray        *extra_files,
                                  GCancellable     *cancellable,
                                  GError          **error);

/*
 * What replacing @current by @target would change, as the API's Changes
 * object: {"settings": [{"path": "/a/b", "change": "added|removed|changed",
 * "old": ..., "new": ...}], "files": [{"path": "...", "change": ...}],
 * "summary": {"added": n, "removed": n, "changed": n}}. Settings are compared
 * recursively through objects; arrays and scalars as whole values. Paths are
 * JSON-pointer-like ("/" + keys joined by "/", "~" and "/" escaped as in RFC 6901).
 * Files are compared by path and sha256. Both lists are sorted by path.
 */
JsonNode *eoc_configuration_diff (const EocConfiguration *current,
                                  const EocConfiguration *target);

G_END_DECLS
