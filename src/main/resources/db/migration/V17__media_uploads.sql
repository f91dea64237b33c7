-- Resumable uploads (tus 1.0.0). Each PATCH's bytes become one object in the media store
-- (uploads/<id>/<n>), so any node can take the next PATCH; the offset and the list of parts live
-- here. A PATCH holds the upload by a lease (lock_token until locked_until) rather than by an
-- open transaction, so a slow client never pins a database connection; a second PATCH meanwhile
-- is refused with 423.
CREATE TABLE media_uploads (
    id             text PRIMARY KEY,
    workspace_id   text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    length         bigint NOT NULL CHECK (length > 0),
    upload_offset  bigint NOT NULL DEFAULT 0 CHECK (upload_offset >= 0 AND upload_offset <= length),
    metadata       text,                      -- the Upload-Metadata header as sent (echoed by HEAD)
    filename       text,
    alt_text       text,
    parts          text[] NOT NULL DEFAULT '{}',   -- store keys, in order
    next_part      int NOT NULL DEFAULT 0,         -- each PATCH takes a fresh part number
    lock_token     text,
    locked_until   timestamptz,
    media_id       text,                      -- the library object it became (no FK: media is collected on its own)
    error          text,                      -- why the finished bytes were refused by the library
    completed_at   timestamptz,
    expires_at     timestamptz NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX media_uploads_expiry ON media_uploads (expires_at);
CREATE INDEX media_uploads_unfinished ON media_uploads (workspace_id) WHERE completed_at IS NULL;

-- Garbage collection looks for media by when it was last used (or created, if never used).
CREATE INDEX media_last_used ON media ((coalesce(last_used_at, created_at)));
