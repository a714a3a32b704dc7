-- +goose Up
-- The toolkit (verktøykasse) and news (issue 15, items 6 and 7): documents
-- in categories with numbered versions (Markdown text and/or a file), public
-- or members-only; news items with their language and publication time.
CREATE TABLE toolkit_documents (
    id              INTEGER PRIMARY KEY,
    category        TEXT NOT NULL,
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    visibility      TEXT NOT NULL CHECK (visibility IN ('public','members')),
    current_version INTEGER NOT NULL DEFAULT 0,
    updated_by      INTEGER REFERENCES people (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX toolkit_documents_category ON toolkit_documents (category, title);

CREATE TABLE toolkit_versions (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES toolkit_documents (id),
    number      INTEGER NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    file_name   TEXT NOT NULL DEFAULT '',
    file_type   TEXT NOT NULL DEFAULT '',
    file_size   INTEGER NOT NULL DEFAULT 0,
    file_data   BLOB,
    created_by  INTEGER REFERENCES people (id),
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (document_id, number)
);

CREATE TABLE news_items (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    lang         TEXT NOT NULL CHECK (lang IN ('nb','nn','en')),
    published_at TIMESTAMP NOT NULL,
    created_by   INTEGER REFERENCES people (id),
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX news_items_published ON news_items (published_at);
