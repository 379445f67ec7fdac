/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli.h: eocctl, the command-line client of Env Ops Center.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs eocctl with these arguments (argv[0] first) and returns its exit status. */
int eoc_cli_run (int    argc,
                 char **argv);

G_END_DECLS
