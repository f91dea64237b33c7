-- The media library: each upload or import is one row, its bytes one object in the media store
-- (the data directory or an S3-compatible bucket), named by storage_key.
CREATE TABLE media (
    id                text PRIMARY KEY,
    workspace_id      text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    status            text NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
    error             text,
    type              text CHECK (type IN ('image', 'gif', 'video')),
    mime_type         text,
    size_bytes        bigint,
    width             int,
    height            int,
    duration_seconds  double precision,
    frame_rate        double precision,
    video_codec       text,
    audio_codec       text,
    sha256            text,
    alt_text          text,
    filename          text,
    source_url        text,                    -- set for URL imports
    storage_key       text,                    -- null until the bytes are stored
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    last_used_at      timestamptz,             -- when a post last referred to it (garbage collection)
    import_lease_until timestamptz             -- a background import in progress on some node until then
);
-- the same bytes twice in one workspace are one object
CREATE UNIQUE INDEX media_workspace_sha256_uq ON media (workspace_id, sha256) WHERE status = 'ready';
CREATE INDEX media_page ON media (workspace_id, created_at DESC, id DESC);
CREATE INDEX media_processing ON media (created_at) WHERE status = 'processing';

-- A version of one media object fitted to one network (downscaled, rotated, stripped, padded or
-- cropped), computed once and reused by every attempt and every post.
CREATE TABLE media_variants (
    media_id      text NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    variant       text NOT NULL,             -- '<platform>' or '<platform>:<fit>'
    platform      text NOT NULL,
    mime_type     text NOT NULL,
    width         int NOT NULL,
    height        int NOT NULL,
    size_bytes    bigint NOT NULL,
    storage_key   text NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (media_id, variant)
);

-- Which posts use which media: deletion is refused while a scheduled or publishing post uses it,
-- and media no post uses is collected after the retention time.
CREATE TABLE post_media (
    post_id   text NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    media_id  text NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, media_id)
);
CREATE INDEX post_media_media ON post_media (media_id);
