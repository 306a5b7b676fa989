-- A user who leaves (a caseworker who moves on, a venue's employee let go) is disabled by an
-- administrator of the scheme: they can no longer sign in, and their sessions end at once. The row
-- stays, for the look-up audit that names them.
ALTER TABLE app_user ADD COLUMN disabled_at TIMESTAMPTZ;
