/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-bad-server.h: a misbehaving service of the tests' own, in the test
 * process, on 127.0.0.1 port 0. It speaks just enough HTTP/1.1 and WebSocket
 * (by hand, on a GThreadedSocketService, so that it can misbehave in ways
 * libsoup's server cannot) to answer the API paths the client uses, well or
 * badly, as each test chooses.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  EOC_BAD_ANSWER_OK,              /* a valid answer of the path's shape */
  EOC_BAD_ANSWER_TRUNCATED,       /* Content-Length larger than what is sent, then close */
  EOC_BAD_ANSWER_HTML,            /* 200 with a text/html page */
  EOC_BAD_ANSWER_HTML_ERROR,      /* 502 with a text/html page (a proxy's) */
  EOC_BAD_ANSWER_DEEP,            /* JSON nested 100,000 deep */
  EOC_BAD_ANSWER_HUGE_STRING,     /* a name of 50 MB */
  EOC_BAD_ANSWER_WRONG_TYPES,     /* "status": 5, "environments": {} */
  EOC_BAD_ANSWER_MISSING_FIELDS,  /* objects without "id", a list without its array */
  EOC_BAD_ANSWER_UNKNOWN_ENUM,    /* "status": "levitating" */
  EOC_BAD_ANSWER_STALL,           /* accept, read the request, never answer */
  EOC_BAD_ANSWER_CLOSE,           /* accept, read the request, close */
  EOC_BAD_ANSWER_GARBAGE_EVENTS,  /* the event WebSocket: garbage messages, then valid ones */
} EocBadAnswer;

typedef struct _EocBadServer EocBadServer;

/* Starts it; every path answers EOC_BAD_ANSWER_OK until told otherwise. */
EocBadServer *eoc_bad_server_new          (void);
/* "http://127.0.0.1:PORT" */
const char   *eoc_bad_server_get_url      (EocBadServer *self);

/* Paths starting with @path_prefix (such as "/api/v1/environments") answer
 * @answer from now on; the rule set last wins over earlier ones. */
void          eoc_bad_server_set_answer   (EocBadServer *self,
                                           const char   *path_prefix,
                                           EocBadAnswer  answer);

/* How many requests have reached it, all paths. */
guint         eoc_bad_server_get_requests (EocBadServer *self);

/* Stops it: stalled connections are closed; returns once none is left. */
void          eoc_bad_server_free         (EocBadServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocBadServer, eoc_bad_server_free)

G_END_DECLS
