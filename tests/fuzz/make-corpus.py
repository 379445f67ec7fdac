#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/.

Seeds are small, meaningful inputs: valid request bodies, manifests, archives
(made here with zipfile, so they are reproducible), events and answers of the
service, and a few near misses. Run it again after changing it; inputs that
once crashed a target are committed beside the seeds as crash-*, and kept.
"""
import io
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def write(target, name, data):
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    elif not isinstance(data, bytes):
        data = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(os.path.join(directory, "seed-" + name), "wb") as out:
        out.write(data)


ENVIRONMENT = {
    "id": "env-1", "name": "Payments", "description": "The payments stack",
    "type": "production", "version": "2.1.0", "status": "operational",
    "created_at": "2026-11-22T10:04:05Z", "updated_at": "2026-11-22T10:04:05Z",
    "last_backup_at": None, "operation": None,
}
BACKUP = {
    "id": "bak-1", "environment_id": "env-1", "name": "Before the update",
    "created_at": "2026-11-22T10:04:05Z", "creator": "admin", "version": "2.1.0",
    "state": "available", "origin": "manual", "size": 1234,
    "sha256": "ab" * 32, "operation_id": None,
}
ACTIVITY = {
    "id": "act-1", "environment_id": "env-1", "time": "2026-11-22T10:04:05+01:00",
    "user": "admin", "action": "backup_created", "summary": "Backed up", "outcome": "succeeded",
}
OPERATION = {
    "id": "op-1", "environment_id": "env-1", "kind": "restore", "state": "running",
    "progress": 0.5, "message": "Restoring", "user": "operator",
    "created_at": "2026-11-22T10:04:05Z", "started_at": "2026-11-22T10:04:06Z",
    "finished_at": None, "error": None, "backup_id": "bak-1", "log": ["one", "two"],
}
SCHEDULE = {
    "enabled": True, "frequency": "weekly", "day_of_week": 3, "day_of_month": 1,
    "time": "02:30", "hour": 2, "minute": 30, "time_zone": "Europe/Paris", "retention_days": 30,
    "next_run": "2026-11-25T01:30:00Z", "last_run": None,
}
UPLOAD = {
    "id": "up-1", "environment_id": "env-1", "filename": "payments.zip", "size": 2048,
    "sha256": "cd" * 32, "version": "2.1.0", "created_at": "2026-11-22T10:04:05Z",
    "expires_at": "2026-11-23T10:04:05Z",
}
USER = {"name": "admin", "role": "admin", "permissions": ["read", "operate", "admin"]}
CHANGES = {
    "settings": [
        {"path": "/database/port", "change": "changed", "old": 5432, "new": 5433},
        {"path": "/features/beta", "change": "added", "new": True},
    ],
    "files": [{"path": "certs/ca.pem", "change": "removed"}],
    "summary": {"added": 1, "removed": 1, "changed": 1},
}


def request_bodies():
    t = "request-body"
    write(t, "create-environment.json",
          {"name": "Payments", "type": "production", "version": "2.1.0", "description": "x"})
    write(t, "create-user.json", {"name": "ops", "role": "operator"})
    write(t, "update.json", {"version": "2.2.0"})
    write(t, "backup.json", {"name": "Before the update"})
    write(t, "restore.json", {"safety_backup": True})
    write(t, "import.json", {"upload_id": "up-1", "safety_backup": False})
    write(t, "schedule-weekly.json", {k: v for k, v in SCHEDULE.items() if k not in ("hour", "minute")})
    write(t, "schedule-hours.json", {"enabled": True, "frequency": "every_4_hours", "time": "23:59",
                                     "time_zone": "America/New_York", "retention_days": 10})
    write(t, "schedule-monthly.json", {"enabled": True, "frequency": "monthly", "day_of_month": 28,
                                       "time_zone": "Australia/Lord_Howe", "retention_days": 60})
    write(t, "name-unicode.json", {"name": "  Zahlungsdienst \u00e9t\u00e9 \U0001F680  "})
    write(t, "escapes.json", '{"name":"a\\u0000b\\ud83d\\ude80\\"","role":"admin"}')
    write(t, "not-object.json", "[1, 2, 3]")
    write(t, "deep.json", "[" * 40 + "]" * 40)
    write(t, "invalid-utf8.json", b'{"name":"\xff\xfe"}')
    write(t, "empty", b"")


def manifests():
    t = "manifest"
    base = {
        "format": "env-ops-center-configuration", "format_version": 1,
        "environment_version": "2.1.0", "taken_at": "2026-11-22T10:04:05Z",
        "environment": {"id": "env-1", "name": "Payments", "type": "production"},
        "settings": {"database": {"host": "db", "port": 5433, "pool": [1, 2, 3]},
                     "features": {"beta": False, "new": {"deep": {"er": 1.5}}},
                     "a/b~c": "escaped", "": None},
    }
    write(t, "full.json", base)
    write(t, "minimal.json", {"format": "env-ops-center-configuration", "format_version": 1,
                              "environment_version": "1.0.0", "settings": {}})
    write(t, "wrong-format.json", dict(base, format="other\u0001format"))
    write(t, "version-2.json", dict(base, format_version=2))
    write(t, "version-float.json", dict(base, format_version=1.0))
    write(t, "no-settings.json", {k: v for k, v in base.items() if k != "settings"})
    write(t, "environment-null.json", dict(base, environment=None, taken_at=None))
    write(t, "environment-wrong.json", dict(base, environment={"id": 5}))


def make_zip(entries, comment=b""):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, compression in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 22, 10, 4, 4))
            info.compress_type = compression
            if name.endswith("/"):
                info.external_attr = (0o40755 << 16) | 0x10
            else:
                info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
        archive.comment = comment
    return buffer.getvalue()


def archives():
    t = "archive"
    manifest = json.dumps({
        "format": "env-ops-center-configuration", "format_version": 1,
        "environment_version": "2.1.0", "taken_at": "2026-11-22T10:04:05Z",
        "environment": {"id": "env-1", "name": "Payments", "type": "production"},
        "settings": {"database": {"host": "db", "port": 5432}},
    }).encode()
    stored, deflated = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
    write(t, "valid.zip", make_zip([
        ("manifest.json", manifest, deflated),
        ("files/", b"", stored),
        ("files/certs/ca.pem", b"-----BEGIN CERTIFICATE-----\nMII\n", deflated),
        ("files/app.conf", b"port = 8080\n" * 20, stored),
    ]))
    write(t, "manifest-only.zip", make_zip([("manifest.json", manifest, stored)]))
    write(t, "manifest-last.zip", make_zip([
        ("files/a.txt", b"a", stored),
        ("files/\u00e9t\u00e9/b.txt", b"b" * 100, deflated),
        ("manifest.json", manifest, deflated),
    ]))
    write(t, "no-manifest.zip", make_zip([("files/a.txt", b"a", stored)]))
    write(t, "dot-dot.zip", make_zip([("manifest.json", manifest, stored),
                                      ("files/../evil", b"x", stored)]))
    write(t, "outside-files.zip", make_zip([("manifest.json", manifest, stored),
                                            ("other.txt", b"x", stored)]))
    write(t, "conflict.zip", make_zip([("manifest.json", manifest, stored),
                                       ("files/a", b"x", stored), ("files/a/b", b"y", stored)]))
    with_comment = make_zip([("manifest.json", manifest, stored)], comment=b"a comment")
    write(t, "comment.zip", with_comment)
    valid = make_zip([("manifest.json", manifest, deflated), ("files/x", b"x" * 64, deflated)])
    write(t, "truncated.zip", valid[: len(valid) - 30])
    write(t, "padded.zip", valid + b"\0" * 16)
    write(t, "bad-manifest.zip", make_zip([("manifest.json", b'{"format": 1}', stored)]))


def client_responses():
    t = "client-response"
    write(t, "environment.json", ENVIRONMENT)
    write(t, "environments-page.json", {"environments": [ENVIRONMENT, dict(ENVIRONMENT, id="env-2",
                                        status="updating", operation=OPERATION)],
                                        "next_cursor": "50"})
    write(t, "backups-page.json", {"backups": [BACKUP, {"id": 5}], "next_cursor": None})
    write(t, "activity-page.json", {"activity": [ACTIVITY], "next_cursor": None})
    write(t, "operation.json", OPERATION)
    write(t, "schedule.json", SCHEDULE)
    write(t, "upload.json", UPLOAD)
    write(t, "user.json", USER)
    write(t, "changes.json", CHANGES)
    write(t, "versions.json", {"versions": [{"version": "2.0.0"}, "2.1.0"]})
    for code, details in [
        ("name_taken", {"name": "Payments"}),
        ("version_mismatch", {"environment_version": "2.1.0", "configuration_version": "1.9.0"}),
        ("forbidden", {"required_role": "admin"}),
        ("operation_in_progress", {"kind": "restore"}),
        ("too_large", {"limit": 1073741824}),
        ("invalid_configuration", {"reason": "manifest.json is missing"}),
        ("insufficient_storage", {}),
        ("internal_error", None),
        ("some_future_code", {"extra": [1, 2]}),
    ]:
        error = {"code": code, "message": "It did not work."}
        if details is not None:
            error["details"] = details
        write(t, "error-" + code.replace("_", "-") + ".json", {"error": error})
    write(t, "html.txt", "<html><body>502 Bad Gateway</body></html>")


def events():
    t = "event-stream"
    write(t, "hello.json", {"type": "hello", "version": "0.1.0"})
    write(t, "heartbeat.json", {"type": "heartbeat"})
    write(t, "pong.json", {"type": "pong", "id": 3})
    write(t, "environment-changed.json", {"type": "environment.changed", "environment": ENVIRONMENT})
    write(t, "backup-created.json", {"type": "backup.created", "backup": BACKUP})
    write(t, "backup-updated.json", {"type": "backup.updated", "backup": dict(BACKUP, state="creating")})
    write(t, "backup-deleted.json", {"type": "backup.deleted",
                                     "backup": {"id": "bak-1", "environment_id": "env-1"}})
    write(t, "operation-changed.json", {"type": "operation.changed", "operation": OPERATION})
    write(t, "activity-added.json", {"type": "activity.added", "activity": ACTIVITY})
    write(t, "unknown-type.json", {"type": "something.new", "thing": {}})
    write(t, "type-not-string.json", {"type": 7, "backup": BACKUP})
    write(t, "backup-without-environment.json", {"type": "backup.created", "backup": {"id": "b"}})


def main():
    request_bodies()
    manifests()
    archives()
    client_responses()
    events()
    return 0


if __name__ == "__main__":
    sys.exit(main())
